'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import type { FormState } from '@/lib/task-form/form-state';
import { CheckField, Field } from './field';
import type { SectionProps } from './types';

const WHEN = [
  ['onFailure', 'On failure'],
  ['onRecovery', 'On recovery'],
  ['onSuccess', 'On success'],
] as const;

/** Who hears about this task's failures (and recoveries, and optionally successes). */
export function NotifySection({ state, update }: SectionProps) {
  const set = (key: keyof FormState['notify'], value: string | boolean) => update(`notify.${key}`, (s) => ({ ...s, notify: { ...s.notify, [key]: value } }));
  return (
    <div className="space-y-4">
      <fieldset className="space-y-2">
        <legend className="mb-1.5 text-sm font-medium">Notify</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {WHEN.map(([key, label]) => (
            <CheckField key={key} path={`notify.${key}`} label={label}>
              {(c) => <Checkbox {...c} checked={state.notify[key]} onChange={(e) => set(key, e.target.checked)} />}
            </CheckField>
          ))}
        </div>
      </fieldset>
      <Field path="notify.emails" label="Email recipients" help="Separate addresses with commas.">
        {(c) => <Input {...c} value={state.notify.emails} autoComplete="off" placeholder="ops@example.com" onChange={(e) => set('emails', e.target.value)} />}
      </Field>
      <Field path="notify.webhookUrl" label="Webhook URL" help="Receives a POST signed with HMAC for each notification.">
        {(c) => <Input {...c} value={state.notify.webhookUrl} inputMode="url" autoComplete="off" placeholder="https://hooks.example.com/sundial" onChange={(e) => set('webhookUrl', e.target.value)} />}
      </Field>
    </div>
  );
}
