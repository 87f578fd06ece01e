'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Empty, Widget } from '@/components/overview/widget';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/time';
import { api } from '@/lib/client/api';
import type { IncidentJson, Page } from '@/lib/client/types';
import { count } from '@/lib/format/count';

export const openIncidentsPath = '/api/v1/incidents?status=open&limit=10';

/** Tasks failing past their incident threshold, newest first: since when, how many failed runs, acknowledged or not. */
export function OpenIncidents({ initial }: { initial: Page<IncidentJson> }) {
  const { data } = useQuery({ queryKey: ['incidents', 'open'], queryFn: () => api<Page<IncidentJson>>(openIncidentsPath), initialData: initial, refetchInterval: 5000 });
  return (
    <Widget id="open-incidents" title="Open incidents" description="Opened after a task's failed slots in a row; resolved by its next success.">
      {data.items.length === 0 ? (
        <Empty>No open incident.</Empty>
      ) : (
        <ul className="divide-y text-sm">
          {data.items.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <Link href={`/tasks/${i.task.id}`} className="min-w-0 flex-1 truncate font-medium hover:underline">
                {i.task.name}
              </Link>
              <span className="text-xs text-muted-foreground">
                since <Time value={i.firstFailedAt} relative /> · {count(i.failedRuns, 'failed run')}
              </span>
              {i.acknowledged ? <Badge variant="secondary">Acknowledged</Badge> : <Badge variant="destructive">Not acknowledged</Badge>}
            </li>
          ))}
        </ul>
      )}
    </Widget>
  );
}
