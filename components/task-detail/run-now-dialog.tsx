'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { PlayIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import { api, errorText } from '@/lib/client/api';
import { parseParams } from './params';

/** "Run now": params as a JSON object and test mode; the new run is offered as a link. */
export function RunNowDialog({ taskId }: { taskId: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [params, setParams] = useState('');
  const [testMode, setTestMode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [queued, setQueued] = useState<number | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseParams(params);
    if (!parsed.ok) return setError(parsed.error);
    setBusy(true);
    setError(null);
    try {
      const { runId } = await api<{ runId: number }>(`/api/v1/tasks/${taskId}/run`, { method: 'POST', body: { params: parsed.value, testMode } });
      setQueued(runId);
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['task-runs', taskId] });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Dialog open={open} onOpenChange={(next) => (setOpen(next), setError(null))}>
        <DialogTrigger asChild>
          <Button>
            <PlayIcon aria-hidden />
            Run now
          </Button>
        </DialogTrigger>
        <DialogContent>
          <form onSubmit={onSubmit} className="grid gap-4" noValidate>
            <DialogHeader>
              <DialogTitle>Run now</DialogTitle>
              <DialogDescription>Queue a run at once, outside the schedule. Its policies still apply.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="run-params">Params (a JSON object, optional)</Label>
              <Textarea
                id="run-params"
                value={params}
                onChange={(e) => setParams(e.target.value)}
                placeholder='{"file": "customers.csv"}'
                className="min-h-28 font-mono"
                spellCheck={false}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? 'run-params-error' : undefined}
              />
              {error && (
                <p id="run-params-error" role="alert" className="text-sm text-destructive">
                  {error}
                </p>
              )}
            </div>
            <Label className="font-normal">
              <Checkbox checked={testMode} onChange={(e) => setTestMode(e.target.checked)} />
              Test mode (a dry run: handlers skip their side effects)
            </Label>
            <DialogFooter>
              <Button type="submit" disabled={busy}>
                {busy ? 'Queuing…' : 'Queue run'}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <p role="status" aria-live="polite" className="text-sm">
        {queued !== null && (
          <>
            Run{' '}
            <Link href={`/runs/${queued}`} className="font-medium underline underline-offset-4">
              #{queued}
            </Link>{' '}
            queued.
          </>
        )}
      </p>
    </>
  );
}
