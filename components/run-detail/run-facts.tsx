import Link from 'next/link';
import type { ReactNode } from 'react';
import { RunStatusBadge } from '@/components/run-status-badge';
import { Time } from '@/components/time';
import { Badge } from '@/components/ui/badge';
import { formatDuration } from '@/lib/format/time';
import type { ChainLink, RunView } from './types';

type Props = { run: RunView; zone: string | undefined; triggeredBy: string | null; chain: ChainLink[] };

/** Lag in words: how long after its slot the run started. */
export function lagText(lagMs: number | null): string {
  if (lagMs === null) return 'not started';
  return lagMs < 0 ? `${formatDuration(-lagMs)} early` : `${formatDuration(lagMs)} late`;
}

export function RunFacts({ run, zone, triggeredBy, chain }: Props) {
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3" data-testid="run-facts">
      <Fact term="Trigger">
        {run.trigger.replace('_', ' ')}
      </Fact>
      <Fact term="Test mode">{run.testMode ? <Badge variant="outline">yes: a dry run</Badge> : 'no'}</Fact>
      <Fact term="Triggered by">{triggeredBy ?? '—'}</Fact>
      <Fact term="Task">
        <Link href={`/tasks/${run.taskId}`} className="underline underline-offset-4">
          {run.taskName ?? run.taskId}
        </Link>
      </Fact>
      <Fact term="Scheduled for">
        <Time value={run.scheduledFor} zone={zone} />
      </Fact>
      <Fact term="Started">
        <Time value={run.startedAt} zone={zone} />
        <span className="block text-muted-foreground">Lag: {lagText(run.lagMs)}</span>
      </Fact>
      <Fact term="Finished">
        <Time value={run.finishedAt} zone={zone} />
        <span className="block text-muted-foreground">Duration: {formatDuration(run.durationMs)}</span>
      </Fact>
      <Fact term="Worker">
        <span className="font-mono break-all">{run.workerId ?? '—'}</span>
      </Fact>
      <Fact term="Attempts">
        <ol className="flex flex-wrap gap-x-3 gap-y-1" aria-label="Attempt chain">
          {chain.map((c) => (
            <li key={c.id} className="flex items-center gap-1">
              {c.id === run.id ? (
                <span aria-current="page" className="font-semibold">
                  #{c.attempt} (this run)
                </span>
              ) : (
                <Link href={`/runs/${c.id}`} className="underline underline-offset-4" aria-label={`Attempt ${c.attempt}, run ${c.id}`}>
                  #{c.attempt}
                </Link>
              )}
              <RunStatusBadge status={c.id === run.id ? run.status : c.status} partial={c.id === run.id ? run.partial : c.partial} />
            </li>
          ))}
        </ol>
      </Fact>
      {run.progress !== null && run.progress !== undefined && (
        <Fact term="Progress">
          <code className="text-xs break-all">{JSON.stringify(run.progress)}</code>
        </Fact>
      )}
      {run.cancelRequestedAt && (
        <Fact term="Cancel requested">
          <Time value={run.cancelRequestedAt} zone={zone} />
        </Fact>
      )}
    </dl>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
