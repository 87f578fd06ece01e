import { RETENTION_LIMITS, type Retention } from '../settings/retention';

/** Check the two inputs as typed; errors by field, or the numbers to send. */
export function parseRetentionForm(input: { runsDays: string; logsDays: string }): { ok: true; value: Retention } | { ok: false; errors: Partial<Record<keyof Retention, string>> } {
  const errors: Partial<Record<keyof Retention, string>> = {};
  const value = {} as Retention;
  for (const field of ['runsDays', 'logsDays'] as const) {
    const text = input[field].trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isInteger(n)) errors[field] = 'a whole number of days';
    else if (n < RETENTION_LIMITS.min || n > RETENTION_LIMITS.max) errors[field] = `between ${RETENTION_LIMITS.min} and ${RETENTION_LIMITS.max} days`;
    else value[field] = n;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}
