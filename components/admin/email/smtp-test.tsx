'use client';

import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Field } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { SmtpTestResult } from '@/lib/notify/smtp-test';
import { api, errorText } from '@/lib/client/api';

/** Sends right away with the saved settings; the answer comes within 15 s. */
export function SmtpTest({ defaultTo }: { defaultTo: string }) {
  const test = useMutation({ mutationFn: (to: string) => api<SmtpTestResult>('/api/v1/settings/smtp/test', { method: 'POST', body: { to } }) });
  const result = test.data;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    test.mutate(String(new FormData(event.currentTarget).get('to')).trim());
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Send test email">
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Recipient" className="min-w-64 flex-1">
          <Input name="to" type="email" required defaultValue={defaultTo} />
        </Field>
        <Button type="submit" disabled={test.isPending}>
          {test.isPending ? 'Sending…' : 'Send test email'}
        </Button>
      </div>
      {(result || test.isError) && (
        <p role="status" data-testid="smtp-test-result" className={result?.ok ? 'text-sm text-success' : 'text-sm text-destructive'}>
          {result ? (result.ok ? `Sent. The server answered: ${result.response}` : `Failed (${result.kind}): ${result.message}`) : errorText(test.error)}
        </p>
      )}
    </form>
  );
}
