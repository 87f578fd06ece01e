'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { RunStatusBadge } from '@/components/run-status-badge';
import { Time } from '@/components/time';
import { api } from '@/lib/client/api';
import type { Page, TaskJson } from '@/lib/client/types';
import { count } from '@/lib/format/count';
import { Empty, Widget } from './widget';

export const failingTasksPath = '/api/v1/tasks?failing=true&sort=lastRun&limit=10';

/** Tasks whose latest runs failed, most recent first. */
export function FailingTasks({ initial }: { initial: Page<TaskJson> }) {
  const { data } = useQuery({ queryKey: ['overview', 'failing'], queryFn: () => api<Page<TaskJson>>(failingTasksPath), initialData: initial, refetchInterval: 5000 });
  return (
    <Widget id="failing-tasks" title="Failing tasks" description={data.total ? `${count(data.total, 'task')} whose last run failed.` : 'Tasks whose last run failed.'}>
      {data.items.length === 0 ? (
        <Empty>Nothing is failing.</Empty>
      ) : (
        <ul className="divide-y text-sm">
          {data.items.map((task) => (
            <li key={task.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <RunStatusBadge status={task.lastStatus} />
              <Link href={`/tasks/${task.id}`} className="min-w-0 flex-1 truncate font-medium hover:underline">
                {task.name}
              </Link>
              <span className="text-xs text-muted-foreground">
                {task.totals.consecutiveFailures} in a row · last <Time value={task.lastRunAt} relative />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Widget>
  );
}
