'use client';

import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { NativeSelect } from '@/components/ui/native-select';
import type { TaskStats } from '@/lib/api/v1/task-stats';
import { api } from '@/lib/client/api';
import { formatDuration, formatRate } from '@/lib/format/time';
import { DurationChart } from './duration-chart';
import type { RunPage } from './types';

/** Success rate, average and p95 duration over 7 or 30 days, and the last runs' durations. */
export function StatsCard({ taskId, initial, recent }: { taskId: string; initial: TaskStats; recent: RunPage }) {
  const [days, setDays] = useState(initial.days);
  const selectId = useId();
  const { data: stats } = useQuery({
    queryKey: ['task-stats', taskId, days],
    queryFn: () => api<TaskStats>(`/api/v1/tasks/${taskId}/stats?days=${days}`),
    initialData: days === initial.days ? initial : undefined,
    refetchInterval: 10_000,
  });
  // Partial runs are counted in succeeded too.
  const ran = stats ? Object.values(stats.counts).reduce((a, b) => a + b, 0) - stats.counts.missed - stats.counts.skipped - stats.counts.partial : 0;
  return (
    <Card>
      <CardHeader className="flex flex-wrap items-start justify-between gap-2">
        <div className="space-y-1.5">
          <CardTitle>Stats</CardTitle>
          <CardDescription>Over the last {days} days (UTC), from the daily rollups.</CardDescription>
        </div>
        <div className="flex items-center gap-2 text-sm">
          <label htmlFor={selectId}>Period</label>
          <NativeSelect id={selectId} value={days} onChange={(e) => setDays(Number(e.target.value))} className="w-32">
            <option value={7}>7 days</option>
            <option value={30}>30 days</option>
          </NativeSelect>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" aria-busy={!stats} data-testid="task-stats">
          <Stat term="Success rate" value={formatRate(stats?.successRate)} />
          <Stat term="Average duration" value={formatDuration(stats?.averageDurationMs)} />
          <Stat term="p95 duration" value={stats?.p95DurationMs == null ? '—' : `≤ ${formatDuration(stats.p95DurationMs)}`} />
          <Stat term="Runs" value={stats ? String(ran) : '—'} />
        </dl>
        {stats && (stats.counts.missed > 0 || stats.counts.skipped > 0) && (
          <p className="text-sm text-muted-foreground">
            Also {stats.counts.missed} missed and {stats.counts.skipped} skipped slots in this period.
          </p>
        )}
        {stats && stats.counts.partial > 0 && (
          <p className="text-sm text-amber-700 dark:text-amber-400" data-testid="partial-runs">
            {stats.counts.partial} of the {stats.counts.succeeded} succeeded runs were partial: some of their items failed.
          </p>
        )}
        <DurationChart taskId={taskId} initial={recent} />
      </CardContent>
    </Card>
  );
}

function Stat({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
    </div>
  );
}
