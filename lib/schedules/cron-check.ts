import { cronFor } from './cron';

type FieldSpec = { name: string; min: number; max: number; names?: readonly string[] };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const SIX_FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 7, names: DAYS },
];

/** Splits an expression into fields the way validation normalises it. */
export function cronFields(expression: string): string[] {
  return expression.trim().split(/\s+/).filter(Boolean);
}

/**
 * Problems with a cron expression, as messages for the `expression` field.
 * Pass the time zone only when it is known to be valid.
 */
export function checkCronExpression(expression: string, timezone: string | null): string[] {
  const parts = cronFields(expression);
  if (parts.length !== 5 && parts.length !== 6) return [`expected 5 or 6 fields, got ${parts.length}`];
  const specs = parts.length === 6 ? SIX_FIELDS : SIX_FIELDS.slice(1);

  // croner reads a leading + on day-of-week as "both day fields must match", which would
  // silently break the standard OR rule that DESIGN.md promises.
  if (parts.at(-1)!.startsWith('+')) {
    return ['day-of-week: the + prefix is not supported (a day matches if either day field matches)'];
  }
  const outOfRange = parts.flatMap((part, i) => rangeProblem(part, specs[i]!) ?? []);
  if (outOfRange.length > 0) return outOfRange;

  const normalised = parts.join(' ');
  let nextRun: Date | null;
  try {
    nextRun = cronFor({ expression: normalised, timezone: timezone ?? 'UTC' }).nextRun(new Date(0));
  } catch (err) {
    return [invalidFieldMessage(parts, specs) ?? `invalid cron expression: ${reason(err)}`];
  }
  return nextRun === null ? ['never fires'] : [];
}

// Croner's own range errors are off by one for ranges and do not name the field
// the user typed, so numbers are checked here first.
function rangeProblem(part: string, spec: FieldSpec): string | null {
  const outside = (n: number) => (n < spec.min || n > spec.max ? `${spec.name}: ${n} is out of range ${spec.min}-${spec.max}` : null);
  for (const item of part.split(',')) {
    const [base = '', step] = item.split('/');
    if (step !== undefined && /^\d+$/.test(step)) {
      const problem = Number(step) > spec.max ? outside(Number(step)) : null;
      if (problem) return problem;
    }
    for (const end of base.split('-')) {
      if (spec.names?.includes(end.toUpperCase())) continue;
      const digits = /^(\d+)(?:W|L|#\d+)?$/i.exec(end)?.[1];
      const problem = digits === undefined ? null : outside(Number(digits));
      if (problem) return problem;
    }
  }
  return null;
}

// Croner reports the first problem without a usable position, so find the field
// that fails on its own.
function invalidFieldMessage(parts: string[], specs: readonly FieldSpec[]): string | null {
  for (let i = 0; i < parts.length; i++) {
    const alone = parts.map((part, j) => (j === i ? part : '*')).join(' ');
    try {
      cronFor({ expression: alone, timezone: 'UTC' });
    } catch {
      return `${specs[i]!.name}: invalid value '${parts[i]}'`;
    }
  }
  return null;
}

function reason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^CronPattern: /, '');
}
