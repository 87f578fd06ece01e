'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Time } from '@/components/time';
import { api } from '@/lib/client/api';
import { taskZone, type Page, type TaskJson } from '@/lib/client/types';
import { useSchedulerPaused } from './pause-all';
import { Empty, Widget } from './widget';

export const nextRunsPath = '/api/v1/tasks?sort=nextRun&enabled=true&limit=10';

/** The next 10 fires across enabled tasks, with live countdowns. */
export function NextRuns({ initial, paused: pausedAtLoad }: { initial: Page<TaskJson>; paused: boolean }) {
  const paused = useSchedulerPaused(pausedAtLoad);
  const { data } = useQuery({ queryKey: ['overview', 'next-runs'], queryFn: () => api<Page<TaskJson>>(nextRunsPath), initialData: initial, refetchInterval: 5000 });
  const upcoming = data.items.filter((t) => t.nextRunAt);
  return (
    <Widget id="next-runs" title="Next runs" description={paused ? 'Paused: none of these will fire until "pause all" is off.' : 'The next 10 scheduled fires across tasks.'}>
      {upcoming.length === 0 ? (
        <Empty>No scheduled runs. Enabled tasks with a schedule show here.</Empty>
      ) : (
        <ol className="divide-y text-sm">
          {upcoming.map((task) => (
            <li key={task.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
              <Link href={`/tasks/${task.id}`} className="min-w-0 truncate font-medium hover:underline">
                {task.name}
              </Link>
              <span className="flex items-baseline gap-3">
                <Time value={task.nextRunAt} relative pastLabel="due" className="font-medium tabular-nums" />
                <Time value={task.nextRunAt} zone={taskZone(task)} className="text-xs text-muted-foreground" />
              </span>
            </li>
          ))}
        </ol>
      )}
    </Widget>
  );
}
