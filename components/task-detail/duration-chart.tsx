'use client';

import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '@/lib/client/api';
import { formatDuration } from '@/lib/format/time';
import { count } from '@/lib/format/count';
import type { RunPage, RunRow } from './types';

const colour = (status: string) =>
  status === 'succeeded' ? 'var(--color-success)' : status === 'cancelled' ? 'var(--color-muted-foreground)' : 'var(--color-destructive)';

/** The last 50 runs that ended with a duration, oldest on the left. */
export function recentDurations(runs: RunRow[]) {
  return runs
    .filter((r) => r.durationMs !== null && r.finishedAt !== null)
    .slice(0, 50)
    .reverse()
    .map((r) => ({ id: r.id, status: r.status, durationMs: r.durationMs! }));
}

export function DurationChart({ taskId, initial }: { taskId: string; initial: RunPage }) {
  const { data } = useQuery({
    queryKey: ['task-durations', taskId],
    queryFn: () => api<RunPage>(`/api/v1/tasks/${taskId}/runs?limit=100`),
    initialData: initial,
    refetchInterval: 5000,
  });
  const points = recentDurations(data.items);
  const failed = points.filter((p) => p.status !== 'succeeded').length;
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-medium">
        Duration of the last {count(points.length, 'run')}{' '}
        <span className="font-normal text-muted-foreground">
          ({points.length - failed} succeeded in green, {failed} others in red or grey)
        </span>
      </figcaption>
      {points.length === 0 ? (
        <p className="text-sm text-muted-foreground">No finished runs yet.</p>
      ) : (
        <div className="h-48 w-full" role="img" aria-label={`Bar chart of the durations of the last ${count(points.length, 'run')}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" vertical={false} />
              <XAxis dataKey="id" tick={false} stroke="var(--color-muted-foreground)" />
              <YAxis width={64} tickFormatter={(v: number) => formatDuration(v)} stroke="var(--color-muted-foreground)" fontSize={12} />
              <Tooltip
                cursor={{ fill: 'var(--color-muted)' }}
                contentStyle={{ background: 'var(--color-popover)', color: 'var(--color-popover-foreground)', border: '1px solid var(--color-border)' }}
                labelFormatter={(id) => `Run #${id}`}
                formatter={(value, _name, item) => [`${formatDuration(Number(value))} (${(item.payload as { status: string }).status})`, 'Duration']}
              />
              <Bar dataKey="durationMs" isAnimationActive={false}>
                {points.map((p) => (
                  <Cell key={p.id} fill={colour(p.status)} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
