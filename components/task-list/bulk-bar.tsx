'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { api, errorText } from '@/lib/client/api';

type Progress = { verb: string; done: number; total: number; failures: string[] } | null;

/** Enable or disable the selected tasks one request at a time, showing how far it got. */
export function BulkBar({ selected, onDone }: { selected: { id: string; name: string }[]; onDone: () => void }) {
  const [progress, setProgress] = useState<Progress>(null);
  const busy = progress !== null && progress.done < progress.total;
  async function apply(enable: boolean) {
    const verb = enable ? 'Enabling' : 'Disabling';
    const failures: string[] = [];
    setProgress({ verb, done: 0, total: selected.length, failures });
    for (const [i, task] of selected.entries()) {
      try {
        await api(`/api/v1/tasks/${task.id}/${enable ? 'enable' : 'disable'}`, { method: 'POST' });
      } catch (err) {
        failures.push(`${task.name}: ${errorText(err)}`);
      }
      setProgress({ verb, done: i + 1, total: selected.length, failures: [...failures] });
    }
    onDone();
  }
  return (
    <div className="mb-3 flex min-h-9 flex-wrap items-center gap-2 text-sm">
      <span className="text-muted-foreground">{selected.length} selected</span>
      <Button size="sm" variant="outline" disabled={selected.length === 0 || busy} onClick={() => void apply(true)}>
        Enable selected
      </Button>
      <Button size="sm" variant="outline" disabled={selected.length === 0 || busy} onClick={() => void apply(false)}>
        Disable selected
      </Button>
      <span role="status" aria-live="polite">
        {progress && (busy ? `${progress.verb} ${progress.done} of ${progress.total}…` : `Done: ${progress.total - progress.failures.length} of ${progress.total} changed.`)}
      </span>
      {progress && progress.failures.length > 0 && (
        <ul role="alert" className="w-full text-destructive">
          {progress.failures.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
