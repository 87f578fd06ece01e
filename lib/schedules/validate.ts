import { checkCronExpression, cronFields } from './cron-check';
import { cronGapBelow } from './cron-gap';
import { INSTANT_MESSAGE, toInstant, zoneProblems } from './fields';
import { WEEKDAY_NAMES, type FieldError, type Schedule, type Weekday } from './schema';
import { cronEquivalent, TIME, TIME_MESSAGE, weekOrder } from './wall-clock';

export type ValidationResult = { ok: true; schedule: Schedule } | { ok: false; errors: FieldError[] };

const KIND_MESSAGE = 'must be one of cron, daily, weekly, interval, once, manual';
const DAYS_MESSAGE = `must be a list of weekdays, at least one of ${WEEKDAY_NAMES.join(', ')}`;

/** Checks untrusted input and returns the schedule in normal form, or every problem found. */
export function validateSchedule(input: unknown, opts: { minIntervalSeconds?: number } = {}): ValidationResult {
  const fields: Record<string, unknown> = typeof input === 'object' && input !== null ? { ...input } : {};
  const errors: FieldError[] = [];
  const fail = (field: string) => (message: string) => errors.push({ field, message });
  // The interval minimum holds for every kind: "* * * * * *" is an interval of 1 s.
  const minimum = opts.minIntervalSeconds ?? 60;
  const zoneErrors = zoneProblems(fields.timezone);
  let schedule: Schedule;

  switch (fields.kind) {
    case 'cron': {
      const { expression, timezone } = fields;
      if (typeof expression !== 'string') fail('expression')('must be a cron expression such as 0 2 * * *');
      else checkCronExpression(expression, zoneErrors.length === 0 ? String(timezone) : null).forEach(fail('expression'));
      zoneErrors.forEach(fail('timezone'));
      schedule = { kind: 'cron', expression: cronFields(String(expression)).join(' '), timezone: String(timezone) };
      const gap = errors.length === 0 ? cronGapBelow(schedule, minimum) : null;
      if (gap !== null) fail('expression')(`fires ${gap} s apart, below the ${minimum} s minimum interval`);
      break;
    }
    case 'daily':
    case 'weekly': {
      const { time, timezone } = fields;
      if (typeof time !== 'string' || !TIME.test(time)) fail('time')(TIME_MESSAGE);
      zoneErrors.forEach(fail('timezone'));
      const days = fields.kind === 'weekly' ? weekdays(fields.days) : [];
      if (days === null) fail('days')(DAYS_MESSAGE);
      const common = { time: String(time), timezone: String(timezone) };
      schedule = fields.kind === 'daily' ? { kind: 'daily', ...common } : { kind: 'weekly', days: days ?? [], ...common };
      const gap = errors.length === 0 ? cronGapBelow(cronEquivalent(schedule), minimum) : null;
      if (gap !== null) fail(fields.kind === 'daily' ? 'time' : 'days')(`fires ${gap} s apart, below the ${minimum} s minimum interval`);
      break;
    }
    case 'interval': {
      const { everySeconds, anchor } = fields;
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
      const zoned = fields.timezone !== undefined;
      if (zoned) zoneErrors.forEach(fail('timezone'));
      schedule = { kind: 'once', at: at ?? '', ...(zoned ? { timezone: String(fields.timezone) } : {}) };
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

/** The days in week order, once each; null unless a non-empty list of known weekday names. */
function weekdays(value: unknown): Weekday[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const known = (d: unknown): d is Weekday => WEEKDAY_NAMES.includes(d as Weekday);
  return value.every(known) ? weekOrder(value) : null;
}
