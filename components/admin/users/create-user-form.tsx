'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field, FormStatus } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { fieldErrors, formError } from '@/lib/admin/field-errors';
import { api } from '@/lib/client/api';

type NewUser = { email: string; name: string; role: string; password: string };

export function CreateUserForm() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: NewUser) => api<{ email: string }>('/api/v1/users', { method: 'POST', body }),
    onSuccess: (user) => {
      setCreated(`Created ${user.email}.`);
      return queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const errors = fieldErrors(create.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setCreated(null);
    create.mutate(
      { email: String(data.get('email')), name: String(data.get('name')), role: String(data.get('role')), password: String(data.get('password')) },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="New user">
      <Field label="Email" error={errors.email}>
        <Input name="email" type="email" autoComplete="off" required maxLength={320} />
      </Field>
      <Field label="Name" error={errors.name}>
        <Input name="name" autoComplete="off" maxLength={200} />
      </Field>
      <Field label="Role" error={errors.role}>
        <NativeSelect name="role" defaultValue="viewer">
          <option value="viewer">viewer: reads only</option>
          <option value="operator">operator: runs and edits tasks</option>
          <option value="admin">admin: everything</option>
        </NativeSelect>
      </Field>
      <Field label="Initial password" hint="At least 12 characters; they can change it on their Account page." error={errors.password}>
        <Input name="password" type="password" autoComplete="new-password" required minLength={12} maxLength={1024} />
      </Field>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-4">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create user'}
        </Button>
        <FormStatus error={formError(create.error, ['email', 'name', 'role', 'password'])} message={created} />
      </div>
    </form>
  );
}
