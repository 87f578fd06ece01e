// Wall-clock times in an IANA zone, for the "once" schedule's date and time input.

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, zone: string): number[] {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return [p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!];
}

/** The zone's offset from UTC at that instant, in ms. */
function offsetAt(ms: number, zone: string): number {
  const [y, mo, d, h, mi, s] = partsIn(ms, zone);
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - (ms - (ms % 1000));
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * "2026-12-24T18:00" read in `zone` as an ISO instant; null when it is not such a text or the
 * zone is unknown. A time inside a spring-forward gap is read with the offset before the gap
 * (02:30 on New York's spring-forward day is 03:30 EDT); a repeated time is its first occurrence.
 */
export function wallTimeToInstant(local: string, zone: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  const guess = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  if (new Date(guess).getUTCDate() !== d) return null;
  try {
    const first = guess - offsetAt(guess, zone);
    const second = guess - offsetAt(first, zone);
    return new Date(Math.max(first, second)).toISOString();
  } catch {
    return null;
  }
}

/** An instant as "YYYY-MM-DDTHH:MM" in `zone`, what a datetime-local input takes. */
export function instantToWallTime(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  try {
    const [y, mo, d, h, mi] = partsIn(ms, zone).map((n) => String(n).padStart(2, '0'));
    return `${y}-${mo}-${d}T${h}:${mi}`;
  } catch {
    return '';
  }
}

/** Whether the runtime knows the zone. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
