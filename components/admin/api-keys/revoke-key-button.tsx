'use client';

import { ActionDialog } from '@/components/admin/action-dialog';
import { api } from '@/lib/client/api';

export function RevokeKeyButton({ id, name, prefix }: { id: string; name: string; prefix: string }) {
  return (
    <ActionDialog
      queryKey="api-keys"
      trigger="Revoke"
      label={`Revoke ${name}`}
      title={`Revoke “${name}”?`}
      description={
        <>
          The key starting <code className="font-mono">{prefix}</code> stops working at once: every client using it gets 401. This cannot be undone.
        </>
      }
      confirm={['Revoke key', 'Revoking…']}
      destructive
      run={() => api<void>(`/api/v1/api-keys/${id}`, { method: 'DELETE' })}
    />
  );
}
