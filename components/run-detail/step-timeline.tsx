import Link from 'next/link';
import { RunStatusBadge } from '@/components/run-status-badge';
import { formatDuration } from '@/lib/format/time';
import { JsonBlock } from './json-block';
import type { LogLine, RunStep } from './types';

/** A pipeline's (or ctx.step()'s) steps in order: status, duration, why skipped, result, error and log lines. */
export function StepTimeline({ steps, logs }: { steps: RunStep[]; logs: LogLine[] }) {
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="run-steps-heading" className="space-y-2">
      <h2 id="run-steps-heading" className="text-lg font-semibold">
        Steps
      </h2>
      <ol aria-label="Steps" className="space-y-3 border-l-2 border-muted pl-4">
        {steps.map((s) => {
          const lines = logs.filter((l) => l.step === s.idx);
          return (
            <li key={s.idx} data-testid="run-step" data-step={s.name} data-status={s.status} className="space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">
                  {s.idx + 1}. {s.name}
                </span>
                <RunStatusBadge status={s.status} />
                {s.durationMs !== null && s.status !== 'skipped' && <span className="text-sm text-muted-foreground">{formatDuration(s.durationMs)}</span>}
                {s.reason && <span className="text-sm text-muted-foreground">{s.reason}</span>}
                {s.reusedFrom !== null && (
                  <span className="text-sm text-muted-foreground">
                    kept from <Link className="underline" href={`/runs/${s.reusedFrom}`}>run #{s.reusedFrom}</Link>, not run again
                  </span>
                )}
              </div>
              {s.error && <p className="break-words text-sm text-destructive">{s.error}</p>}
              {(s.result !== null || lines.length > 0) && (
                <details className="text-sm">
                  <summary className="cursor-pointer text-muted-foreground">Result and log of {s.name}</summary>
                  <div className="mt-2 space-y-2">
                    {s.result !== null && <JsonBlock label={`Result of ${s.name}`} value={s.result} />}
                    {lines.length > 0 && (
                      <pre aria-label={`Log of ${s.name}`} tabIndex={0} className="max-h-48 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
                        {lines.map((l) => `${l.level === 'info' ? '' : `${l.level.toUpperCase()} `}${l.message}`).join('\n')}
                      </pre>
                    )}
                  </div>
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
