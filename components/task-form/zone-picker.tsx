'use client';

import { useSyncExternalStore } from 'react';
import { Input } from '@/components/ui/input';
import { Field } from './field';

let known: string[] | undefined;
const none: string[] = [];
const noop = () => () => {};

/** Every IANA zone the browser knows; UTC first (some browsers leave it out of the list). */
function zones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  known ??= ['UTC', ...all.filter((z) => z !== 'UTC')];
  return known;
}

/** A text input that suggests IANA zones as you type; an unknown zone is a field error. */
export function ZonePicker({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  // The browser's list, not the server's: their ICU versions may differ.
  const options = useSyncExternalStore(noop, zones, () => none);
  return (
    <Field path="schedule.timezone" label="Time zone" help="An IANA zone such as Europe/Berlin; type to search.">
      {(c) => (
        <>
          <Input {...c} list="tf-zones" value={value} autoComplete="off" spellCheck={false} onChange={(e) => onChange(e.target.value)} className="max-w-80" />
          <datalist id="tf-zones">
            {options.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
