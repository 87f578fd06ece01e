'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field, FormStatus } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { fieldErrors, formError } from '@/lib/admin/field-errors';
import { api } from '@/lib/client/api';

export function CreateSecret() {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; value: string }) => api<{ name: string }>('/api/v1/secrets', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['secrets'] }),
  });
  const errors = fieldErrors(create.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setSaved(null);
    create.mutate(
      { name: String(data.get('name')).trim(), value: String(data.get('value')) },
      {
        onSuccess: (secret) => {
          // The value leaves the page with the form: it is never shown again.
          form.reset();
          setSaved(`Saved ${secret.name}. Use it as {{secrets.${secret.name}}}.`);
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[16rem_1fr_auto] sm:items-start" aria-label="New secret">
      <Field label="Name" error={errors.name}>
        <Input name="name" required maxLength={64} pattern="[A-Z][A-Z0-9_]*" autoComplete="off" spellCheck={false} className="font-mono" />
      </Field>
      <Field label="Value" hint="Stored encrypted; it cannot be read back." error={errors.value}>
        <Input name="value" type="password" required autoComplete="new-password" />
      </Field>
      <Button type="submit" disabled={create.isPending} className="sm:mt-6">
        {create.isPending ? 'Saving…' : 'Add secret'}
      </Button>
      <div className="sm:col-span-3">
        <FormStatus error={formError(create.error, ['name', 'value'])} message={saved} />
      </div>
    </form>
  );
}
