'use client';

import Link from 'next/link';
import { useState } from 'react';
import { SendIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { api, errorText } from '@/lib/client/api';

/** "Send now": a run of the built-in report task, so it shows in that task's history. */
export function SendReportNow() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [runId, setRunId] = useState<number | null>(null);

  async function send() {
    setBusy(true);
    setError(null);
    try {
      setRunId((await api<{ runId: number }>('/api/v1/report/send', { method: 'POST', body: {} })).runId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button onClick={send} disabled={busy}>
        <SendIcon aria-hidden />
        {busy ? 'Sending…' : 'Send now'}
      </Button>
      {runId !== null && (
        <p role="status" className="text-sm">
          Queued as{' '}
          <Link href={`/runs/${runId}`} className="underline underline-offset-4">
            run #{runId}
          </Link>
          .
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
