'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Time } from '@/components/time';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import { Table, TableBody, TableCell, TableHeadings, TableRow } from '@/components/ui/table';
import { api, errorText } from '@/lib/client/api';
import type { Jsonify } from '@/lib/client/json';
import type { UserJson } from '@/lib/api/v1/users';

export type UserRowData = Jsonify<UserJson>;

const fetchUsers = () => api<{ items: UserRowData[] }>('/api/v1/users').then((r) => r.items);

export function UsersTable({ initial, selfId }: { initial: UserRowData[]; selfId: string }) {
  const { data } = useQuery({ queryKey: ['users'], queryFn: fetchUsers, initialData: initial });
  return (
    <Table>
      <TableHeadings names={['Email', 'Name', 'Role', 'Status', 'Emailed about', 'Created', 'Last sign-in']} actions />
      <TableBody>
        {data.map((user) => (
          <UserRow key={user.id} user={user} self={user.id === selfId} />
        ))}
      </TableBody>
    </Table>
  );
}

function UserRow({ user, self }: { user: UserRowData; self: boolean }) {
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (patch: { role?: string; disabled?: boolean }) => api<UserRowData>(`/api/v1/users/${user.id}`, { method: 'PATCH', body: patch }),
    onSuccess: (saved) => queryClient.setQueryData<UserRowData[]>(['users'], (rows) => rows?.map((r) => (r.id === saved.id ? saved : r))),
  });
  const busy = update.isPending;
  return (
    <TableRow data-testid="user-row" aria-busy={busy || undefined}>
      <TableCell className="font-medium whitespace-nowrap">
        {user.email}
        {self && <span className="ml-1 text-xs text-muted-foreground">(you)</span>}
      </TableCell>
      <TableCell>{user.name || <span className="text-muted-foreground">—</span>}</TableCell>
      <TableCell>
        <NativeSelect
          aria-label={`Role of ${user.email}`}
          className="w-32"
          value={(busy && update.variables.role) || user.role}
          disabled={busy}
          onChange={(e) => update.mutate({ role: e.target.value })}
        >
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </NativeSelect>
      </TableCell>
      <TableCell>{user.disabled ? <Badge variant="destructive">disabled</Badge> : <Badge variant="secondary">active</Badge>}</TableCell>
      <TableCell className="text-xs">{user.notifyEvents.length ? user.notifyEvents.join(', ') : <span className="text-muted-foreground">nothing</span>}</TableCell>
      <TableCell className="whitespace-nowrap">
        <Time value={user.createdAt} />
      </TableCell>
      <TableCell className="whitespace-nowrap">{user.lastSignInAt ? <Time value={user.lastSignInAt} /> : <span className="text-muted-foreground">never</span>}</TableCell>
      <TableCell className="min-w-48">
        <div className="flex flex-col items-start gap-1">
          <Button
            variant={user.disabled ? 'outline' : 'destructive'}
            size="sm"
            disabled={busy}
            aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
            onClick={() => update.mutate({ disabled: !user.disabled })}
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </Button>
          {busy && (
            <span role="status" className="text-xs text-muted-foreground">
              Saving…
            </span>
          )}
          {update.isError && (
            <span role="alert" className="text-xs text-destructive">
              {errorText(update.error)}
            </span>
          )}
        </div>
      </TableCell>
    </TableRow>
  );
}
