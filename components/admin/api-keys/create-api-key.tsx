'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field, FormStatus } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { fieldErrors, formError } from '@/lib/admin/field-errors';
import { api } from '@/lib/client/api';
import { NewKeyDialog } from './new-key-dialog';

type Created = { name: string; key: string };

export function CreateApiKey() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<Created | null>(null);
  const [role, setRole] = useState('operator');
  const create = useMutation({
    mutationFn: (body: { name: string; role: string; queues?: string[] }) => api<Created>('/api/v1/api-keys', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const errors = fieldErrors(create.error);
  // A bad name is reported at its place in the list (queues.1); it belongs by the one input.
  const queueFields = Object.keys(errors).filter((f) => f === 'queues' || f.startsWith('queues.'));
  const queuesError = queueFields.map((f) => errors[f]).join('; ') || undefined;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.mutate(
      { name: String(data.get('name')), role, ...(role === 'worker' ? { queues: splitQueues(String(data.get('queues') ?? '')) } : {}) },
      {
        onSuccess: (key) => {
          form.reset();
          setCreated({ name: key.name, key: key.key });
        },
      },
    );
  }

  return (
    <>
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start" aria-label="New API key">
        <Field label="Name" hint="What uses it, such as “importer” or “CI”." error={errors.name}>
          <Input name="name" required maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Role" error={errors.role}>
          <NativeSelect name="role" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="viewer">viewer</option>
            <option value="operator">operator</option>
            <option value="admin">admin</option>
            <option value="worker">worker (remote)</option>
          </NativeSelect>
        </Field>
        {role === 'worker' && (
          <div className="sm:col-span-3">
            <Field label="Queues" hint="Comma-separated: the remote queues this worker may claim runs of, such as “bank-sync”." error={queuesError}>
              <Input name="queues" required autoComplete="off" placeholder="bank-sync" />
            </Field>
          </div>
        )}
        <Button type="submit" disabled={create.isPending} className="sm:mt-6">
          {create.isPending ? 'Creating…' : 'Create key'}
        </Button>
        <div className="sm:col-span-3">
          <FormStatus error={formError(create.error, ['name', 'role', ...queueFields])} />
        </div>
      </form>
      {/* Closing the dialog drops the secret from memory: it is never shown again. */}
      <NewKeyDialog created={created} onClose={() => setCreated(null)} />
    </>
  );
}

const splitQueues = (text: string) =>
  text
    .split(',')
    .map((q) => q.trim())
    .filter(Boolean);
