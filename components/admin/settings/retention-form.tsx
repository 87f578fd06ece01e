'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field, FormStatus } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { SettingsJson } from '@/lib/api/v1/admin';
import { fieldErrors, formError } from '@/lib/admin/field-errors';
import { parseRetentionForm } from '@/lib/admin/retention-form';
import { api } from '@/lib/client/api';
import type { Retention } from '@/lib/settings/retention';

export function RetentionForm({ retention }: { retention: Retention }) {
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<Partial<Record<keyof Retention, string>>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (value: Retention) => api<SettingsJson>('/api/v1/settings', { method: 'PATCH', body: { retention: value } }),
    onSuccess: (next) => {
      queryClient.setQueryData(['settings'], next);
      setSaved(`Saved: runs kept ${next.retention.runsDays} days, logs ${next.retention.logsDays} days.`);
    },
  });
  const server = fieldErrors(save.error);
  const errors = { runsDays: local.runsDays ?? server['retention.runsDays'], logsDays: local.logsDays ?? server['retention.logsDays'] };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = parseRetentionForm({ runsDays: String(data.get('runsDays')), logsDays: String(data.get('logsDays')) });
    setSaved(null);
    save.reset();
    if (!parsed.ok) return setLocal(parsed.errors);
    setLocal({});
    save.mutate(parsed.value);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Retention">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Days of run history" hint="Runs that ended longer ago are deleted. Queued and running runs never are. Daily charts keep their totals." error={errors.runsDays}>
          <Input name="runsDays" type="number" inputMode="numeric" min={1} max={3650} step={1} required defaultValue={retention.runsDays} key={`r${retention.runsDays}`} />
        </Field>
        <Field label="Days of run logs" hint="Log lines older than this are deleted; a run's logs go with the run at the latest." error={errors.logsDays}>
          <Input name="logsDays" type="number" inputMode="numeric" min={1} max={3650} step={1} required defaultValue={retention.logsDays} key={`l${retention.logsDays}`} />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save retention'}
        </Button>
        <FormStatus
          error={Object.values(local).some(Boolean) ? 'Nothing was saved: fix the fields marked above.' : formError(save.error, ['retention.runsDays', 'retention.logsDays'])}
          message={saved}
        />
      </div>
    </form>
  );
}
