'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Time } from '@/components/time';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import { Table, TableBody, TableCell, TableHeadings, TableRow } from '@/components/ui/table';
import type { DeliveryJson } from '@/lib/api/v1/deliveries';
import { api, errorText, qs } from '@/lib/client/api';
import type { Jsonify } from '@/lib/client/json';

export type DeliveryRow = Jsonify<DeliveryJson>;
type Page = { items: DeliveryRow[]; nextCursor: string | null };

const statusVariant = { pending: 'outline', sent: 'secondary', dead: 'destructive' } as const;

function RetryButton({ row }: { row: DeliveryRow }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api(`/api/v1/deliveries/${row.id}/retry`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['deliveries'] }),
  });
  if (row.status === 'sent') return null;
  return (
    <div>
      <Button variant="outline" size="sm" disabled={retry.isPending} onClick={() => retry.mutate()} aria-label={`Retry delivery ${row.id} now`}>
        {retry.isPending ? 'Queuing…' : 'Retry now'}
      </Button>
      {retry.isError && <p className="text-xs text-destructive">{errorText(retry.error)}</p>}
    </div>
  );
}

/** The outbox, newest first; refreshed every few seconds so a retry's outcome shows up. */
export function DeliveriesTable({ initial }: { initial: Page }) {
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const { data } = useQuery({
    queryKey: ['deliveries', status, cursor],
    queryFn: () => api<Page>(`/api/v1/deliveries${qs({ status: status || undefined, cursor })}`),
    initialData: status === '' && !cursor ? initial : undefined,
    refetchInterval: 5000,
  });
  return (
    <div className="space-y-3">
      <label className="flex max-w-60 items-center gap-2 text-sm">
        Status
        <NativeSelect value={status} onChange={(e) => (setStatus(e.target.value), setCursors([]))} aria-label="Filter by status">
          <option value="">All</option>
          <option value="pending">Pending</option>
          <option value="sent">Sent</option>
          <option value="dead">Dead</option>
        </NativeSelect>
      </label>
      {!data || data.items.length === 0 ? (
        <p className="text-sm text-muted-foreground">No messages.</p>
      ) : (
        <Table>
          <TableHeadings names={['Queued', 'Channel', 'Event', 'Status', 'Attempts', 'Last error']} actions />
          <TableBody>
            {data.items.map((d) => (
              <TableRow key={d.id} data-testid="delivery-row">
                <TableCell className="whitespace-nowrap">
                  <Time value={d.createdAt} />
                </TableCell>
                <TableCell className="max-w-56 truncate">{d.channelName ?? d.target}</TableCell>
                <TableCell className="font-mono text-xs">{d.event}</TableCell>
                <TableCell>
                  <Badge variant={statusVariant[d.status]}>{d.status}</Badge>
                </TableCell>
                <TableCell>{d.attempts}</TableCell>
                <TableCell className="max-w-96 text-xs break-words text-muted-foreground">{d.lastError ?? ''}</TableCell>
                <TableCell>
                  <RetryButton row={d} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <div className="flex gap-2">
        {cursors.length > 0 && (
          <Button variant="outline" size="sm" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </Button>
        )}
        {data?.nextCursor && (
          <Button variant="outline" size="sm" onClick={() => setCursors([...cursors, data.nextCursor!])}>
            Older
          </Button>
        )}
      </div>
    </div>
  );
}
