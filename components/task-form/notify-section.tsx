'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { NOTIFY_EVENTS, type ChannelOption, type NotifyEvent, type NotifyState } from '@/lib/task-form/form-state';
import { CheckField, Field, GroupField } from './field';
import type { SectionProps } from './types';

const EVENT_LABELS: Record<NotifyEvent, string> = {
  failure: 'Incident opened (and reminders)',
  recovery: 'Incident resolved',
  success: 'Every successful run',
  missed: 'Missed slot',
};

/** Who hears about this task (named channels, or the default ones), and of what. */
export function NotifySection({ state, update, channels }: SectionProps & { channels: ChannelOption[] }) {
  const n = state.notify;
  const set = <K extends keyof NotifyState>(key: K, value: NotifyState[K], path: string = `notify.${key}`) =>
    update(path, (s) => ({ ...s, notify: { ...s.notify, [key]: value } }));
  const toggleChannel = (id: string, on: boolean) => set('channels', on ? [...n.channels, id] : n.channels.filter((c) => c !== id));
  const defaults = channels.filter((c) => c.isDefault && c.enabled).map((c) => c.name);
  return (
    <div className="space-y-4">
      <GroupField
        path="notify.channels"
        legend="Channels"
        help={n.channels.length === 0 ? (defaults.length ? `None picked: the default channels (${defaults.join(', ')}).` : 'None picked and no default channel: nothing is sent.') : undefined}
      >
        {channels.length === 0 ? (
          <p className="text-sm text-muted-foreground">No channels yet. An admin adds them under Notifications → Channels.</p>
        ) : (
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            {channels.map((c) => (
              <CheckField key={c.id} path={`notify.channel.${c.id}`} label={`${c.name} (${c.kind}${c.enabled ? '' : ', disabled'})`}>
                {(control) => <Checkbox {...control} checked={n.channels.includes(c.id)} onChange={(e) => toggleChannel(c.id, e.target.checked)} />}
              </CheckField>
            ))}
          </div>
        )}
      </GroupField>
      <fieldset className="space-y-2">
        <legend className="mb-1.5 text-sm font-medium">Send a message on</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {NOTIFY_EVENTS.map((key) => (
            <CheckField key={key} path={`notify.events.${key}`} label={EVENT_LABELS[key]}>
              {(c) => <Checkbox {...c} checked={n[key]} onChange={(e) => set(key, e.target.checked, `notify.events.${key}`)} />}
            </CheckField>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field path="notify.incidentAfter" label="Open an incident after" help="Failed slots in a row; a retried run counts once.">
          {(c) => <Input {...c} value={n.incidentAfter} inputMode="numeric" onChange={(e) => set('incidentAfter', e.target.value)} />}
        </Field>
        <Field path="notify.remindEveryHours" label="Remind every (hours)" help="While the incident is open and not acknowledged. Empty: no reminders.">
          {(c) => <Input {...c} value={n.remindEveryHours} inputMode="decimal" placeholder="off" onChange={(e) => set('remindEveryHours', e.target.value)} />}
        </Field>
      </div>
      <CheckField path="notify.incidentOnPartial" label="A partial run (some of its items failed) counts as a failure for the incident">
        {(c) => <Checkbox {...c} checked={n.incidentOnPartial} onChange={(e) => set('incidentOnPartial', e.target.checked)} />}
      </CheckField>
      <Field path="notify.callbackUrl" label="Callback URL" help="Optional. Receives a POST with each run's outcome and result when it finishes.">
        {(c) => <Input {...c} value={n.callbackUrl} inputMode="url" autoComplete="off" placeholder="https://import.example.com/sundial-callback" onChange={(e) => set('callbackUrl', e.target.value)} />}
      </Field>
    </div>
  );
}
