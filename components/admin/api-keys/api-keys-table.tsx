'use client';

import { useQuery } from '@tanstack/react-query';
import { Time } from '@/components/time';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHeadings, TableRow } from '@/components/ui/table';
import type { ApiKeyJson } from '@/lib/api/v1/api-keys';
import { api } from '@/lib/client/api';
import type { Jsonify } from '@/lib/client/json';
import { RevokeKeyButton } from './revoke-key-button';

export type ApiKeyRow = Jsonify<ApiKeyJson>;

const fetchKeys = () => api<{ items: ApiKeyRow[] }>('/api/v1/api-keys').then((r) => r.items);

function KeyState({ k }: { k: ApiKeyRow }) {
  if (k.revokedAt)
    return (
      <span className="flex flex-col gap-0.5">
        <Badge variant="destructive">revoked</Badge>
        <Time value={k.revokedAt} className="text-xs text-muted-foreground" />
      </span>
    );
  if (k.expiresAt && new Date(k.expiresAt) <= new Date()) return <Badge variant="warning">expired</Badge>;
  return <Badge variant="secondary">active</Badge>;
}

export function ApiKeysTable({ initial }: { initial: ApiKeyRow[] }) {
  const { data } = useQuery({ queryKey: ['api-keys'], queryFn: fetchKeys, initialData: initial });
  if (data.length === 0) return <p className="text-sm text-muted-foreground">No API keys yet.</p>;
  return (
    <Table>
      <TableHeadings names={['Name', 'Prefix', 'Role', 'Created', 'Last used', 'Status']} actions />
      <TableBody>
        {data.map((k) => (
          <TableRow key={k.id} data-testid="api-key-row">
            <TableCell className="font-medium">{k.name}</TableCell>
            <TableCell className="font-mono text-xs">{k.prefix}…</TableCell>
            <TableCell>{k.role === 'worker' ? `worker: ${k.queues?.join(', ')}` : k.role}</TableCell>
            <TableCell className="whitespace-nowrap">
              <Time value={k.createdAt} />
            </TableCell>
            <TableCell className="whitespace-nowrap">{k.lastUsedAt ? <Time value={k.lastUsedAt} /> : <span className="text-muted-foreground">never</span>}</TableCell>
            <TableCell className="whitespace-nowrap">
              <KeyState k={k} />
            </TableCell>
            <TableCell>{!k.revokedAt && <RevokeKeyButton id={k.id} name={k.name} prefix={k.prefix} />}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
