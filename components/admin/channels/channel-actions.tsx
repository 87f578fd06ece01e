'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ActionDialog } from '@/components/admin/action-dialog';
import { Field } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { api, errorText } from '@/lib/client/api';
import type { ChannelRow } from './channels-table';
import { KindFields, kindBody } from './create-channel';
import { OnceSecret } from './once-secret';

type TestResult = { outcome: 'sent' | 'failed' | 'pending'; message: string };

export function SendTestButton({ channel }: { channel: ChannelRow }) {
  const test = useMutation({ mutationFn: () => api<TestResult>(`/api/v1/channels/${channel.id}/test`, { method: 'POST' }) });
  const result = test.data;
  return (
    <div className="space-y-1">
      <Button variant="outline" size="sm" aria-label={`Send test to ${channel.name}`} disabled={test.isPending} onClick={() => test.mutate()}>
        {test.isPending ? 'Sending…' : 'Send test'}
      </Button>
      {(result || test.isError) && (
        <p role="status" data-testid="test-result" className={result?.outcome === 'sent' ? 'text-xs text-success' : 'text-xs text-destructive'}>
          {result ? `${result.outcome}: ${result.message}` : errorText(test.error)}
        </p>
      )}
    </div>
  );
}

export function EditChannelButton({ channel }: { channel: ChannelRow }) {
  const config = channel.config as { to?: string[]; url?: string };
  return (
    <ActionDialog
      queryKey="channels"
      trigger="Edit"
      label={`Edit ${channel.name}`}
      title={`Edit ${channel.name}`}
      description={channel.kind === 'slack' ? 'Leave the Slack URL empty to keep the one stored.' : 'Changes apply to messages sent from now on.'}
      confirm={['Save', 'Saving…']}
      run={(form) =>
        api(`/api/v1/channels/${channel.id}`, {
          method: 'PATCH',
          body: { name: String(form.get('name')).trim(), enabled: form.get('enabled') === 'on', isDefault: form.get('isDefault') === 'on', ...kindBody(channel.kind, form) },
        })
      }
    >
      <Field label="Name">
        <Input name="name" required defaultValue={channel.name} />
      </Field>
      <KindFields kind={channel.kind} errors={{}} required={channel.kind !== 'slack'} to={config.to?.join(', ') ?? config.url} />
      <label className="flex items-center gap-2 text-sm">
        <Checkbox name="enabled" defaultChecked={channel.enabled} /> Enabled
      </label>
      <label className="flex items-center gap-2 text-sm">
        <Checkbox name="isDefault" defaultChecked={channel.isDefault} /> Default channel
      </label>
    </ActionDialog>
  );
}

export function RotateSecretButton({ channel }: { channel: ChannelRow }) {
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <ActionDialog
        queryKey="channels"
        trigger="Rotate secret"
        label={`Rotate the signing secret of ${channel.name}`}
        title={`New signing secret for ${channel.name}?`}
        description="The current secret stops verifying at once: update your receiver with the new one, shown after this."
        confirm={['Rotate', 'Rotating…']}
        run={async () => setSecret((await api<{ signingSecret: string }>(`/api/v1/channels/${channel.id}/rotate-secret`, { method: 'POST' })).signingSecret)}
      />
      {secret && <OnceSecret name={channel.name} secret={secret} />}
    </div>
  );
}

export function DeleteChannelButton({ channel }: { channel: ChannelRow }) {
  return (
    <ActionDialog
      queryKey="channels"
      trigger="Delete"
      label={`Delete ${channel.name}`}
      title={`Delete ${channel.name}?`}
      description="Its queued messages are deleted with it, and tasks stop notifying it."
      confirm={['Delete channel', 'Deleting…']}
      destructive
      run={() => api(`/api/v1/channels/${channel.id}`, { method: 'DELETE' })}
    />
  );
}
