'use client';

import { useState } from 'react';
import { errorText } from './api';

export type SaveMessage = { ok: boolean; text: string } | null;

/** A form's save: busy while it runs, then a message (the success text, or the error). */
export function useSaver() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<SaveMessage>(null);
  async function save(run: () => Promise<string>): Promise<void> {
    setBusy(true);
    try {
      setMessage({ ok: true, text: await run() });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, message, setMessage, save };
}

/** A set of chosen ids, toggled one checkbox at a time. */
export function useChosen(initial: Iterable<string>) {
  const [chosen, setChosen] = useState(() => new Set(initial));
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return { chosen, setChosen, toggle };
}
