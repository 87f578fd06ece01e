'use client';

import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/time';
import type { WorkerJson, WorkersJson } from '@/lib/client/types';
import { cn } from '@/lib/utils';
import { count } from '@/lib/format/count';
import { useWorkers } from './use-workers';
import { Widget } from './widget';

// Remote workers (queues set) run only their queues, so they never make the engine healthy.
const inProcess = (w: Pick<WorkerJson, 'queues'>) => !w.queues;

export function workerSummary(list: Pick<WorkerJson, 'live' | 'secondsSinceHeartbeat' | 'queues'>[]): string {
  const live = list.filter((w) => w.live && inProcess(w));
  if (live.length === 0) return 'No live worker: scheduled tasks will not run';
  const newest = Math.min(...live.map((w) => w.secondsSinceHeartbeat));
  return `${count(live.length, 'worker')} alive, last heartbeat ${newest}s ago`;
}

/** Each worker seen in the last day with its last heartbeat; red when none is alive. */
export function Workers({ initial }: { initial: WorkersJson }) {
  const data = useWorkers(initial).items;
  const healthy = data.some((w) => w.live && inProcess(w));
  return (
    <Widget
      id="workers"
      title="Workers"
      action={<Badge variant={healthy ? 'success' : 'destructive'}>{healthy ? 'healthy' : 'attention'}</Badge>}
      description={
        <span role="status" aria-live="polite" className={cn(!healthy && 'font-medium text-destructive')}>
          {workerSummary(data)}
        </span>
      }
    >
      {data.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 pr-2 font-medium">Worker</th>
                <th className="py-1 pr-2 font-medium">Host</th>
                <th className="py-1 pr-2 font-medium">Running</th>
                <th className="py-1 font-medium">Last heartbeat</th>
              </tr>
            </thead>
            <tbody>
              {data.map((w) => (
                <tr key={w.id} className={cn('border-t', !w.live && 'text-destructive')}>
                  <td className="py-1 pr-2 font-mono">{w.id}</td>
                  <td className="py-1 pr-2">{w.queues ? `remote · queues ${w.queues.join(', ')}` : `${w.hostname} (pid ${w.pid})`}</td>
                  <td className="py-1 pr-2 tabular-nums">
                    {w.live && w.queues ? 'polling' : w.live ? `${w.runningCount} of ${w.concurrency}` : w.status === 'stopped' ? 'stopped' : 'not responding'}
                  </td>
                  <td className="py-1">
                    {w.secondsSinceHeartbeat}s ago · <Time value={w.lastHeartbeatAt} zone="UTC" className="text-muted-foreground" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Widget>
  );
}
