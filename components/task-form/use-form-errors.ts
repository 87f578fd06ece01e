'use client';

import { useCallback, useMemo, useState } from 'react';
import { groupErrors, inputFor, type FieldError } from '@/lib/task-form/errors';

type Sources = { client: FieldError[]; preview: FieldError[]; known: string[] };

/**
 * Which messages show where. The server's (from the last save) stay until their input changes;
 * the preview's describe the schedule as typed; the client's show once an input was visited
 * or a save was tried, so an empty new form is not a wall of red.
 */
export function useFormErrors({ client, preview, known }: Sources) {
  const [server, setServer] = useState<FieldError[]>([]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);

  const touch = useCallback((path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))), []);
  const changed = useCallback(
    (path: string) => {
      touch(path);
      setServer((errors) => (errors.some((e) => inputFor(e.field, [path])) ? errors.filter((e) => !inputFor(e.field, [path])) : errors));
    },
    [touch],
  );
  const reset = useCallback(() => {
    setServer([]);
    setTouched(new Set());
    setSubmitted(false);
  }, []);

  const shown = useMemo(() => {
    const visible = client.filter((e) => {
      const input = inputFor(e.field, known);
      return submitted || (input !== null && touched.has(input));
    });
    return groupErrors([...server, ...preview, ...visible], known);
  }, [client, preview, known, server, touched, submitted]);

  return { shown, touch, changed, reset, setServer, submitted, setSubmitted, count: Object.keys(shown).length };
}
