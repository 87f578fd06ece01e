'use client';

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Button } from '@/components/ui/button';
import { api } from '@/lib/client/api';
import { formatRate } from '@/lib/format/time';
import type { DayStats } from '@/lib/client/types';
import { count } from '@/lib/format/count';
import { Widget } from './widget';

type Days = 7 | 30;

/** Runs per day (bars) and the success rate (line), from the daily rollups, in UTC days. */
export function DailyChart({ initial }: { initial: DayStats[] }) {
  const [days, setDays] = useState<Days>(7);
  const { data } = useQuery({
    queryKey: ['overview', 'daily', days],
    queryFn: async () => (await api<{ days: DayStats[] }>(`/api/v1/stats?days=${days}`)).days,
    initialData: days === 7 ? initial : undefined,
    refetchInterval: 10_000,
  });
  const rows = (data ?? []).map((d) => ({ ...d, rate: d.successRate === null ? null : Math.round(d.successRate * 1000) / 10 }));
  const total = rows.reduce((a, d) => a + d.total, 0);
  const succeeded = rows.reduce((a, d) => a + d.succeeded, 0);
  const failed = rows.reduce((a, d) => a + d.failed, 0);
  const picker = (
    <div role="group" aria-label="Period" className="flex gap-1">
      {([7, 30] as const).map((n) => (
        <Button key={n} size="sm" variant={days === n ? 'secondary' : 'ghost'} aria-pressed={days === n} onClick={() => setDays(n)}>
          {n} days
        </Button>
      ))}
    </div>
  );
  return (
    <Widget
      id="daily-runs"
      title="Runs per day"
      description={`${count(total, 'run')} in the last ${days} days (UTC), ${formatRate(succeeded + failed ? succeeded / (succeeded + failed) : null)} succeeded.`}
      action={picker}
      className="lg:col-span-2"
    >
      <div className="h-64 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          {/* The table below speaks for the chart, so the chart is hidden and kept out of the tab order. */}
          <ComposedChart data={rows} margin={{ top: 5, right: 5, bottom: 5, left: -15 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} stroke="var(--color-muted-foreground)" fontSize={12} />
            <YAxis yAxisId="runs" allowDecimals={false} stroke="var(--color-muted-foreground)" fontSize={12} />
            <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} unit="%" stroke="var(--color-muted-foreground)" fontSize={12} />
            <Tooltip contentStyle={{ background: 'var(--color-popover)', color: 'var(--color-popover-foreground)', borderColor: 'var(--color-border)' }} />
            <Legend />
            <Bar yAxisId="runs" dataKey="succeeded" name="Succeeded" stackId="runs" fill="var(--color-success)" />
            <Bar yAxisId="runs" dataKey="failed" name="Failed" stackId="runs" fill="var(--color-destructive)" />
            <Line yAxisId="rate" dataKey="rate" name="Success rate (%)" stroke="var(--color-foreground)" dot={false} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Runs per day</caption>
        <thead>
          <tr>
            <th>Day (UTC)</th>
            <th>Runs</th>
            <th>Succeeded</th>
            <th>Failed</th>
            <th>Success rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.day}>
              <td>{d.day}</td>
              <td>{d.total}</td>
              <td>{d.succeeded}</td>
              <td>{d.failed}</td>
              <td>{formatRate(d.successRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Widget>
  );
}
