'use client';

import { useQuery } from '@tanstack/react-query';
import { Time } from '@/components/time';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHeadings, TableRow } from '@/components/ui/table';
import type { SecretJson } from '@/lib/api/v1/secrets';
import { api } from '@/lib/client/api';
import type { Jsonify } from '@/lib/client/json';
import { DeleteSecretButton, ReplaceSecretButton } from './secret-actions';

export type SecretRow = Jsonify<SecretJson>;

const fetchSecrets = () => api<{ items: SecretRow[] }>('/api/v1/secrets').then((r) => r.items);

/** Names and metadata only: the API has no way to return a value. */
export function SecretsTable({ initial }: { initial: SecretRow[] }) {
  const { data } = useQuery({ queryKey: ['secrets'], queryFn: fetchSecrets, initialData: initial });
  if (data.length === 0) return <p className="text-sm text-muted-foreground">No secrets yet.</p>;
  return (
    <Table>
      <TableHeadings names={['Name', 'Value', 'Updated', 'Last used']} actions />
      <TableBody>
        {data.map((s) => (
          <TableRow key={s.name} data-testid="secret-row">
            <TableCell className="font-mono text-xs font-medium">{s.name}</TableCell>
            <TableCell>
              <Badge variant="secondary">set</Badge>
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <Time value={s.updatedAt} /> <span className="text-xs text-muted-foreground">by {s.updatedBy}</span>
            </TableCell>
            <TableCell className="whitespace-nowrap">{s.lastUsedAt ? <Time value={s.lastUsedAt} /> : <span className="text-muted-foreground">never</span>}</TableCell>
            <TableCell className="flex gap-2">
              <ReplaceSecretButton name={s.name} />
              <DeleteSecretButton name={s.name} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
