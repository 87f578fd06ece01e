'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field, FormStatus } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import type { EmailSettingsJson } from '@/lib/api/v1/smtp';
import { fieldErrors, formError } from '@/lib/admin/field-errors';
import { api } from '@/lib/client/api';

const SMTP_FIELDS = ['smtp.host', 'smtp.port', 'smtp.user', 'smtp.password', 'smtp.from', 'subjectPrefix', 'footer'];

/** SMTP server, subject prefix and footer. With SMTP_* in the environment the server fields are read-only. */
export function EmailSettingsForm({ initial }: { initial: EmailSettingsJson }) {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const fromEnv = current.source === 'env';
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<EmailSettingsJson>('/api/v1/settings/email', { method: 'PUT', body }),
    onSuccess: (next) => {
      setCurrent(next);
      setSaved('Saved.');
      void queryClient.invalidateQueries({ queryKey: ['email-settings'] });
    },
  });
  const errors = fieldErrors(save.error);
  const smtp = current.smtp;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '');
    const password = text('password');
    setSaved(null);
    save.mutate({
      ...(fromEnv
        ? {}
        : {
            smtp: {
              host: text('host').trim(),
              port: Number(text('port')),
              secure: data.get('secure') === 'on',
              user: text('user').trim() || undefined,
              from: text('from').trim(),
              ...(password ? { password } : {}),
            },
          }),
      subjectPrefix: text('subjectPrefix'),
      footer: text('footer'),
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Email settings">
      {fromEnv && <p className="text-sm text-muted-foreground">The SMTP server is set by the SMTP_* environment variables, so it is shown read-only here.</p>}
      <fieldset disabled={fromEnv} className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <Field label="SMTP host" error={errors['smtp.host']}>
          <Input name="host" required defaultValue={smtp?.host ?? ''} placeholder="smtp.example.com" />
        </Field>
        <Field label="Port" error={errors['smtp.port']}>
          <Input name="port" type="number" required min={1} max={65535} defaultValue={smtp?.port ?? 587} />
        </Field>
        <Field label="User" error={errors['smtp.user']}>
          <Input name="user" defaultValue={smtp?.user ?? ''} autoComplete="off" />
        </Field>
        <Field label="Password" hint={smtp?.passwordSet ? 'Set. Leave empty to keep it.' : 'Not set.'} error={errors['smtp.password']}>
          <Input name="password" type="password" autoComplete="new-password" />
        </Field>
        <Field label="From" error={errors['smtp.from']} className="sm:col-span-2">
          <Input name="from" required defaultValue={smtp?.from ?? ''} placeholder="Sundial <sundial@example.com>" />
        </Field>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <Checkbox name="secure" defaultChecked={smtp?.secure ?? false} /> TLS from the start (port 465); otherwise STARTTLS when the server offers it
        </label>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <Field label="Subject prefix" error={errors.subjectPrefix}>
          <Input name="subjectPrefix" defaultValue={current.subjectPrefix} maxLength={50} />
        </Field>
        <Field label="Footer" error={errors.footer}>
          <Input name="footer" defaultValue={current.footer} maxLength={500} placeholder="Sent by Sundial for the ops team" />
        </Field>
      </div>
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save email settings'}
      </Button>
      <FormStatus error={formError(save.error, SMTP_FIELDS)} message={saved} />
    </form>
  );
}
