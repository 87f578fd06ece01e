'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { api, errorText } from '@/lib/client/api';
import { personalEvents, type PersonalEvent } from '@/lib/notify/personal';

/** The events emailed to the signed-in user, for every task. */
export function EmailPreferences({ email, initial }: { email: string; initial: string[] }) {
  const [chosen, setChosen] = useState(new Set(initial));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await api<{ events: PersonalEvent[] }>('/api/v1/me/notifications', { method: 'PUT', body: { events: [...chosen] } });
      setChosen(new Set(saved.events));
      setMessage({ ok: true, text: saved.events.length ? `Saved. ${email} gets ${saved.events.length} kind${saved.events.length === 1 ? '' : 's'} of email.` : 'Saved. No email goes to you.' });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  const toggle = (event: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(event);
    else next.delete(event);
    setChosen(next);
    setMessage(null);
  };

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <fieldset className="space-y-2">
        <legend className="mb-1.5 text-sm">Email me, at {email}, when:</legend>
        {personalEvents.map(({ event, label }) => (
          <label key={event} className="flex items-center gap-2 text-sm">
            <Checkbox name={event} checked={chosen.has(event)} onChange={(e) => toggle(event, e.target.checked)} />
            {label}
          </label>
        ))}
      </fieldset>
      {message && (
        <p role="status" className={message.ok ? 'text-sm text-success' : 'text-sm text-destructive'}>
          {message.text}
        </p>
      )}
      <Button type="submit" disabled={busy}>
        Save
      </Button>
    </form>
  );
}
