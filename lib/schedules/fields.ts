// Checks of single schedule fields: instants and time zones.

// A UTC offset is required: without one, Date reads the time in the server's zone.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export const INSTANT_MESSAGE = 'must be an ISO-8601 instant such as 2026-03-08T07:00:00Z';

/** Whether the runtime knows the IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Problems with a time zone field, as messages; none for a known zone. */
export function zoneProblems(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return ['must be an IANA time zone such as America/New_York'];
  return isTimeZone(value) ? [] : [`unknown time zone ${value}`];
}

/** The instant as toISOString() text, or null when the value is not an ISO-8601 instant. */
export function toInstant(value: unknown): string | null {
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
