'use client';

import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CircleStopIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { api, errorText } from '@/lib/client/api';
import { isActive } from './types';

/** Cancel a queued run, or ask a running one to stop, after a confirmation; shown only while it can be. */
export function CancelRunButton({ runId, status }: { runId: number; status: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function cancel() {
    setBusy(true);
    try {
      const run = await api<{ status: string }>(`/api/v1/runs/${runId}/cancel`, { method: 'POST' });
      setMessage({ ok: true, text: run.status === 'cancelled' ? 'Cancelled.' : 'Cancel requested: the worker stops the run shortly.' });
      void queryClient.invalidateQueries({ queryKey: ['run', runId] });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
      setOpen(false);
    }
  }

  return (
    <div className="flex flex-col items-end gap-1">
      {isActive(status) && (
        <Dialog open={open} onOpenChange={setOpen}>
          <DialogTrigger asChild>
            <Button variant="outline" className="text-destructive">
              <CircleStopIcon aria-hidden />
              Cancel run
            </Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Cancel run #{runId}?</DialogTitle>
              <DialogDescription>
                {status === 'queued'
                  ? 'It has not started: it will not run.'
                  : 'It is running: its handler is asked to stop (its signal is aborted) and the run ends as cancelled.'}
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Keep it</Button>
              </DialogClose>
              <Button variant="destructive" onClick={() => void cancel()} disabled={busy}>
                {busy ? 'Cancelling…' : 'Cancel run'}
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      )}
      <p role={message && !message.ok ? 'alert' : 'status'} className={message?.ok === false ? 'text-sm text-destructive' : 'text-sm'}>
        {message?.text}
      </p>
    </div>
  );
}
