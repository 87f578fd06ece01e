'use client';

import { ActionDialog } from '@/components/admin/action-dialog';
import { Field } from '@/components/admin/field';
import { Input } from '@/components/ui/input';
import { api } from '@/lib/client/api';

export function ReplaceSecretButton({ name }: { name: string }) {
  return (
    <ActionDialog
      queryKey="secrets"
      trigger="Replace"
      label={`Replace ${name}`}
      title={`Replace the value of ${name}`}
      description="Runs that start from now on use the new value. The old one is gone for good."
      confirm={['Save value', 'Saving…']}
      run={(form) => api(`/api/v1/secrets/${name}`, { method: 'PUT', body: { value: String(form.get('value')) } })}
    >
      <Field label="New value">
        <Input name="value" type="password" required autoComplete="new-password" />
      </Field>
    </ActionDialog>
  );
}

export function DeleteSecretButton({ name }: { name: string }) {
  return (
    <ActionDialog
      queryKey="secrets"
      trigger="Delete"
      label={`Delete ${name}`}
      title={`Delete ${name}?`}
      description="Its value is erased. A secret that a task still uses cannot be deleted."
      confirm={['Delete secret', 'Deleting…']}
      destructive
      run={() => api(`/api/v1/secrets/${name}`, { method: 'DELETE' })}
    />
  );
}
