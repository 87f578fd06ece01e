'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field, FormStatus } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { fieldErrors, formError } from '@/lib/admin/field-errors';
import { api } from '@/lib/client/api';
import { OnceSecret } from './once-secret';

type Kind = 'email' | 'slack' | 'webhook';
type Saved = { name: string; signingSecret?: string; warnings?: { field: string; message: string }[] };
export const splitRecipients = (text: string) => text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);

/** The kind's own fields, named as the API names them. */
export function KindFields({ kind, errors, required = true, to }: { kind: Kind; errors: Record<string, string>; required?: boolean; to?: string }) {
  if (kind === 'email')
    return (
      <Field label="Recipients" hint="Email addresses, separated by commas." error={errors.to ?? errors['to.0']}>
        <Input name="to" required={required} defaultValue={to} placeholder="ops@example.com, oncall@example.com" />
      </Field>
    );
  if (kind === 'slack')
    return (
      <Field label="Slack incoming-webhook URL" hint="Write-only: stored encrypted and never shown again." error={errors.slackUrl}>
        <Input name="slackUrl" type="password" required={required} autoComplete="off" placeholder="https://hooks.slack.com/services/…" />
      </Field>
    );
  return (
    <Field label="Webhook URL" hint="Receives a POST signed per Standard Webhooks." error={errors.url}>
      <Input name="url" type="url" required={required} defaultValue={to} placeholder="https://example.com/sundial" />
    </Field>
  );
}

/** The body for the kind's fields, leaving out the empty ones (an unchanged Slack URL on edit). */
export function kindBody(kind: Kind, data: FormData): Record<string, unknown> {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  if (kind === 'email') return text('to') ? { to: splitRecipients(text('to')) } : {};
  if (kind === 'slack') return text('slackUrl') ? { slackUrl: text('slackUrl') } : {};
  return text('url') ? { url: text('url') } : {};
}

export function CreateChannel() {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('email');
  const [saved, setSaved] = useState<Saved | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Saved>('/api/v1/channels', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['channels'] }),
  });
  const errors = fieldErrors(create.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setSaved(null);
    const body = { kind, name: String(data.get('name')).trim(), isDefault: data.get('isDefault') === 'on', ...kindBody(kind, data) };
    create.mutate(body, {
      onSuccess: (channel) => {
        form.reset();
        setSaved(channel);
      },
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="New channel">
      <div className="grid gap-4 sm:grid-cols-[14rem_10rem_1fr]">
        <Field label="Name" error={errors.name}>
          <Input name="name" required maxLength={100} placeholder="Ops email" />
        </Field>
        <Field label="Kind" error={errors.kind}>
          <NativeSelect name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="email">Email</option>
            <option value="slack">Slack</option>
            <option value="webhook">Webhook</option>
          </NativeSelect>
        </Field>
        <KindFields kind={kind} errors={errors} />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <Checkbox name="isDefault" /> Default: tasks that pick no channel notify this one
      </label>
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Saving…' : 'Add channel'}
      </Button>
      <FormStatus error={formError(create.error, ['name', 'to', 'to.0', 'slackUrl', 'url'])} message={saved ? [`Saved ${saved.name}.`, ...(saved.warnings ?? []).map((w) => `Warning: ${w.message}`)].join(' ') : null} />
      {saved?.signingSecret && <OnceSecret name={saved.name} secret={saved.signingSecret} />}
    </form>
  );
}
