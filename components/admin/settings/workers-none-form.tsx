'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field, FormStatus } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { SettingsJson } from '@/lib/api/v1/admin';
import { fieldErrors, formError } from '@/lib/admin/field-errors';
import { api } from '@/lib/client/api';

/** After how many minutes without a live worker the default channels are told. */
export function WorkersNoneForm({ minutes }: { minutes: number }) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (value: number) => api<SettingsJson>('/api/v1/settings', { method: 'PATCH', body: { workersNoneMinutes: value } }),
    onSuccess: (next) => {
      queryClient.setQueryData(['settings'], next);
      setSaved(`Saved: after ${next.workersNoneMinutes} minutes without a live worker.`);
    },
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    save.mutate(Number(new FormData(event.currentTarget).get('workersNoneMinutes')));
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="No live worker">
      <Field label="Minutes without a live worker" hint="Then one message goes to the default channels, once per outage." error={fieldErrors(save.error).workersNoneMinutes}>
        <Input name="workersNoneMinutes" type="number" inputMode="numeric" min={1} max={1440} required defaultValue={minutes} key={minutes} className="max-w-40" />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </Button>
        <FormStatus error={formError(save.error, ['workersNoneMinutes'])} message={saved} />
      </div>
    </form>
  );
}
