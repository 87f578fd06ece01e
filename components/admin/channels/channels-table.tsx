'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHeadings, TableRow } from '@/components/ui/table';
import type { ChannelJson } from '@/lib/notify/channels';
import { api } from '@/lib/client/api';
import type { Jsonify } from '@/lib/client/json';
import { DeleteChannelButton, EditChannelButton, RotateSecretButton, SendTestButton } from './channel-actions';

export type ChannelRow = Jsonify<ChannelJson>;

const fetchChannels = () => api<{ items: ChannelRow[] }>('/api/v1/channels').then((r) => r.items);

function destination(c: ChannelRow): string {
  const config = c.config as { to?: string[]; url?: string };
  if (c.kind === 'email') return (config.to ?? []).join(', ');
  if (c.kind === 'webhook') return config.url ?? '';
  return c.secretSet ? 'incoming webhook set' : 'incoming webhook not set';
}

export function ChannelsTable({ initial }: { initial: ChannelRow[] }) {
  const { data } = useQuery({ queryKey: ['channels'], queryFn: fetchChannels, initialData: initial });
  if (data.length === 0) return <p className="text-sm text-muted-foreground">No channels yet.</p>;
  return (
    <Table>
      <TableHeadings names={['Name', 'Kind', 'Sends to', 'Secret', 'State']} actions />
      <TableBody>
        {data.map((c) => (
          <TableRow key={c.id} data-testid="channel-row">
            <TableCell className="font-medium">{c.name}</TableCell>
            <TableCell>{c.kind}</TableCell>
            <TableCell className="max-w-72 truncate text-xs">{destination(c)}</TableCell>
            <TableCell>{c.kind === 'email' ? '—' : <Badge variant="secondary">{c.secretSet ? 'set' : 'not set'}</Badge>}</TableCell>
            <TableCell className="space-x-1 whitespace-nowrap">
              <Badge variant={c.enabled ? 'secondary' : 'outline'}>{c.enabled ? 'enabled' : 'disabled'}</Badge>
              {c.isDefault && <Badge>default</Badge>}
            </TableCell>
            <TableCell className="flex flex-wrap items-start gap-2">
              <SendTestButton channel={c} />
              <EditChannelButton channel={c} />
              {c.kind === 'webhook' && <RotateSecretButton channel={c} />}
              <DeleteChannelButton channel={c} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
