'use client';

import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { api } from '@/lib/client/api';
import { useChosen, useSaver } from '@/lib/client/use-saver';
import { personalEvents, type PersonalEvent } from '@/lib/notify/personal';
import { SaveStatus } from './save-status';

/** The events emailed to the signed-in user, for every task. */
export function EmailPreferences({ email, initial }: { email: string; initial: string[] }) {
  const { chosen, setChosen, toggle } = useChosen(initial);
  const { busy, message, setMessage, save } = useSaver();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save(async () => {
      const saved = await api<{ events: PersonalEvent[] }>('/api/v1/me/notifications', { method: 'PUT', body: { events: [...chosen] } });
      setChosen(new Set(saved.events));
      return saved.events.length ? `Saved. ${email} gets ${saved.events.length} kind${saved.events.length === 1 ? '' : 's'} of email.` : 'Saved. No email goes to you.';
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <fieldset className="space-y-2">
        <legend className="mb-1.5 text-sm">Email me, at {email}, when:</legend>
        {personalEvents.map(({ event, label }) => (
          <label key={event} className="flex items-center gap-2 text-sm">
            <Checkbox name={event} checked={chosen.has(event)} onChange={(e) => (toggle(event, e.target.checked), setMessage(null))} />
            {label}
          </label>
        ))}
      </fieldset>
      <SaveStatus message={message} />
      <Button type="submit" disabled={busy}>
        Save
      </Button>
    </form>
  );
}
