'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { RunStatusBadge } from '@/components/run-status-badge';
import { Time } from '@/components/time';
import { api } from '@/lib/client/api';
import { formatDuration } from '@/lib/format/time';
import type { Page, RunJson } from '@/lib/client/types';
import { Empty, Widget } from './widget';

export const recentRunsPath = '/api/v1/runs?limit=10';

export function RecentRuns({ initial }: { initial: Page<RunJson> }) {
  const { data } = useQuery({ queryKey: ['overview', 'recent-runs'], queryFn: () => api<Page<RunJson>>(recentRunsPath), initialData: initial, refetchInterval: 3000 });
  return (
    <Widget id="recent-runs" title="Recent runs" description="The latest 10 runs of any task.">
      {data.items.length === 0 ? (
        <Empty>No runs yet.</Empty>
      ) : (
        <ul className="divide-y text-sm">
          {data.items.map((run) => (
            <li key={run.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <RunStatusBadge status={run.status} partial={run.partial} />
              <Link href={`/runs/${run.id}`} className="min-w-0 flex-1 truncate hover:underline">
                {run.taskName} <span className="text-muted-foreground">#{run.id}</span>
              </Link>
              <span className="text-xs text-muted-foreground">
                {run.trigger} · {formatDuration(run.durationMs)} · <Time value={run.startedAt ?? run.scheduledFor} relative />
              </span>
              {run.reason && <p className="w-full truncate text-xs text-muted-foreground">{run.reason}</p>}
            </li>
          ))}
        </ul>
      )}
    </Widget>
  );
}
