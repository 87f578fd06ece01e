'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { Health } from '@/lib/health';

/** Health as it arrives over JSON: dates are ISO strings. */
export type HealthJson = Omit<Health, 'workers'> & {
  workers: { live: number; list: (Omit<Health['workers']['list'][number], 'startedAt' | 'lastHeartbeatAt'> & { startedAt: string; lastHeartbeatAt: string })[] };
};

async function fetchHealth(): Promise<HealthJson> {
  const res = await fetch('/api/health', { cache: 'no-store' });
  return (await res.json()) as HealthJson;
}

export function workerSummary(health: HealthJson): string {
  const { live, list } = health.workers;
  if (live === 0) return 'No live worker: scheduled tasks will not run';
  const newest = Math.min(...list.map((w) => w.secondsSinceHeartbeat));
  return `${live} worker${live === 1 ? '' : 's'} alive, last heartbeat ${newest}s ago`;
}

const utcTime = (iso: string) => `${new Date(iso).toISOString().slice(11, 19)} UTC`;

export function WorkerStatus({ initial }: { initial: HealthJson }) {
  const { data } = useQuery({ queryKey: ['health'], queryFn: fetchHealth, initialData: initial, refetchInterval: 2000 });
  const healthy = data.workers.live > 0;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Workers
          <Badge variant={healthy ? 'secondary' : 'destructive'}>{healthy ? 'healthy' : 'attention'}</Badge>
        </CardTitle>
        <CardDescription role="status" aria-live="polite">
          {workerSummary(data)}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {data.workers.list.length > 0 && (
          <table className="w-full text-sm">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 font-medium">Worker</th>
                <th className="py-1 font-medium">Host</th>
                <th className="py-1 font-medium">Started</th>
                <th className="py-1 font-medium">Last heartbeat</th>
              </tr>
            </thead>
            <tbody>
              {data.workers.list.map((w) => (
                <tr key={w.id} className="border-t">
                  <td className="py-1 font-mono">{w.id}</td>
                  <td className="py-1">{w.hostname} (pid {w.pid})</td>
                  <td className="py-1">{utcTime(w.startedAt)}</td>
                  <td className="py-1">{w.secondsSinceHeartbeat}s ago</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="mt-4 text-xs text-muted-foreground">
          Database {data.database.up ? `up (PostgreSQL ${data.database.serverVersion})` : 'down'}, schema version{' '}
          {data.schema?.version ?? '?'} of {data.schema?.expected ?? '?'}. Refreshes every 2 seconds.
        </p>
      </CardContent>
    </Card>
  );
}
