'use client';

import { useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DownloadIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { NativeSelect } from '@/components/ui/native-select';
import { api, errorText, qs } from '@/lib/client/api';
import { HistoryTable } from './history-table';
import { RUN_STATUSES, RUN_TRIGGERS, words, type HistoryFilters } from './run-filters';
import type { RunPage } from './types';

const PAGE_SIZE = 25;

/** The task's runs, newest first, refreshed every 2 s; filters, cursor paging and CSV export. */
export function RunHistory({ taskId, zone, initial }: { taskId: string; zone: string | undefined; initial: RunPage }) {
  const [filters, setFilters] = useState<HistoryFilters>({ status: '', trigger: '' });
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const unfiltered = !filters.status && !filters.trigger && !cursor;
  const { data, error, isFetching } = useQuery({
    queryKey: ['task-runs', taskId, filters, cursor ?? null],
    queryFn: () => api<RunPage>(`/api/v1/tasks/${taskId}/runs${qs({ ...filters, cursor, limit: PAGE_SIZE })}`),
    initialData: unfiltered ? initial : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 2000,
  });
  const setFilter = (change: Partial<HistoryFilters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setCursors([]);
  };
  const ids = { status: useId(), trigger: useId() };
  const exportHref = `/api/v1/tasks/${taskId}/runs.csv${qs(filters)}`;

  return (
    <Card>
      <CardHeader className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1.5">
          <CardTitle>History</CardTitle>
          <CardDescription role="status" aria-live="polite">
            {error ? `Could not refresh: ${errorText(error)}` : `Newest first, page ${cursors.length + 1}. Refreshes every 2 seconds.`}
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-end gap-2 text-sm">
          <FilterSelect id={ids.status} label="Status" all="All statuses" values={RUN_STATUSES} value={filters.status} onChange={(status) => setFilter({ status: status as HistoryFilters['status'] })} />
          <FilterSelect id={ids.trigger} label="Trigger" all="All triggers" values={RUN_TRIGGERS} value={filters.trigger} onChange={(trigger) => setFilter({ trigger: trigger as HistoryFilters['trigger'] })} />
          <Button variant="outline" asChild>
            <a href={exportHref} download title="The runs matching these filters, at most 10,000 rows">
              <DownloadIcon aria-hidden />
              Export CSV
            </a>
          </Button>
        </div>
      </CardHeader>
      <CardContent className="space-y-3">
        <HistoryTable runs={data?.items ?? []} zone={zone} loading={!data} />
        <nav aria-label="History pages" className="flex items-center justify-between gap-2">
          <Button variant="outline" size="sm" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </Button>
          <span className="text-xs text-muted-foreground" aria-hidden>
            {isFetching ? 'Refreshing…' : ' '}
          </span>
          <Button variant="outline" size="sm" disabled={!data?.nextCursor} onClick={() => data?.nextCursor && setCursors((c) => [...c, data.nextCursor!])}>
            Older
          </Button>
        </nav>
        <p className="text-xs text-muted-foreground">The CSV export has the runs matching these filters, newest first, at most 10,000 rows.</p>
      </CardContent>
    </Card>
  );
}

function FilterSelect(props: { id: string; label: string; all: string; values: readonly string[]; value: string; onChange: (value: string) => void }) {
  return (
    <div className="grid gap-1">
      <label htmlFor={props.id}>{props.label}</label>
      <NativeSelect id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)} className="w-36">
        <option value="">{props.all}</option>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {words(v)}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
