import { checkCronExpression, cronFields } from './cron-check';
import { cronGapBelow } from './cron-gap';
import type { FieldError, Schedule } from './schema';

export type ValidationResult = { ok: true; schedule: Schedule } | { ok: false; errors: FieldError[] };

const KIND_MESSAGE = 'must be one of cron, interval, once, manual';
const INSTANT_MESSAGE = 'must be an ISO-8601 instant such as 2026-03-08T07:00:00Z';

// A UTC offset is required: without one, Date reads the time in the server's zone.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Checks untrusted input and returns the schedule in normal form, or every problem found. */
export function validateSchedule(input: unknown, opts: { minIntervalSeconds?: number } = {}): ValidationResult {
  const fields: Record<string, unknown> = typeof input === 'object' && input !== null ? { ...input } : {};
  const errors: FieldError[] = [];
  const fail = (field: string) => (message: string) => errors.push({ field, message });
  let schedule: Schedule;

  switch (fields.kind) {
    case 'cron': {
      const { expression, timezone } = fields;
      const zoneOk = typeof timezone === 'string' && isTimeZone(timezone);
      if (typeof expression !== 'string') fail('expression')('must be a cron expression such as 0 2 * * *');
      else checkCronExpression(expression, zoneOk ? timezone : null).forEach(fail('expression'));
      if (typeof timezone !== 'string' || timezone === '') fail('timezone')('must be an IANA time zone such as America/New_York');
      else if (!zoneOk) fail('timezone')(`unknown time zone ${timezone}`);
      schedule = { kind: 'cron', expression: cronFields(String(expression)).join(' '), timezone: String(timezone) };
      // The interval minimum holds for cron too: "* * * * * *" is an interval of 1 s.
      const minimum = opts.minIntervalSeconds ?? 60;
      const gap = errors.length === 0 ? cronGapBelow(schedule, minimum) : null;
      if (gap !== null) fail('expression')(`fires ${gap} s apart, below the ${minimum} s minimum interval`);
      break;
    }
    case 'interval': {
      const { everySeconds, anchor } = fields;
      const minimum = opts.minIntervalSeconds ?? 60;
      if (typeof everySeconds !== 'number' || !Number.isInteger(everySeconds)) {
        fail('everySeconds')('must be a whole number of seconds');
      } else if (everySeconds < minimum) {
        fail('everySeconds')(`interval below the ${minimum} s minimum`);
      }
      const anchorAt = anchor === undefined ? undefined : toInstant(anchor);
      if (anchorAt === null) fail('anchor')(INSTANT_MESSAGE);
      schedule = { kind: 'interval', everySeconds: Number(everySeconds), ...(anchorAt ? { anchor: anchorAt } : {}) };
      break;
    }
    case 'once': {
      const at = toInstant(fields.at);
      if (at === null) fail('at')(INSTANT_MESSAGE);
      schedule = { kind: 'once', at: at ?? '' };
      break;
    }
    case 'manual':
      schedule = { kind: 'manual' };
      break;
    default:
      return { ok: false, errors: [{ field: 'kind', message: KIND_MESSAGE }] };
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, schedule };
}

function isTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The instant as toISOString() text, or null when the value is not an ISO-8601 instant. */
function toInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = INSTANT.exec(value.trim());
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  // Date rolls 2026-02-30 over into March instead of rejecting it.
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  if (calendar.getUTCMonth() !== month! - 1 || calendar.getUTCDate() !== day) return null;
  const ms = Date.parse(value.trim().toUpperCase().replace(' ', 'T'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
