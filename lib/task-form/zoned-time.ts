// Wall-clock times in an IANA zone, for the date and time inputs of "once" and the interval's anchor.

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

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-12-24T18:00" (seconds optional) read in `zone` as an ISO instant; null when it is not such a text or the
 * zone is unknown. A time inside a spring-forward gap is read with the offset before the gap
 * (02:30 on New York's spring-forward day is 03:30 EDT); a repeated time is its first occurrence.
 */
export function wallTimeToInstant(local: string, zone: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec] = m.map(Number);
  const guess = Date.UTC(y!, mo! - 1, d!, h!, mi!, sec || 0);
  if (new Date(guess).getUTCDate() !== d) return null;
  try {
    const first = guess - offsetAt(guess, zone);
    const second = guess - offsetAt(first, zone);
    return new Date(Math.max(first, second)).toISOString();
  } catch {
    return null;
  }
}

/** An instant as "YYYY-MM-DDTHH:MM" (or with ":SS") in `zone`, what a datetime-local input takes. */
export function instantToWallTime(iso: string, zone: string, opts: { seconds?: boolean } = {}): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  try {
    const [y, mo, d, h, mi, sec] = partsIn(ms, zone).map((n) => String(n).padStart(2, '0'));
    return `${y}-${mo}-${d}T${h}:${mi}${opts.seconds ? `:${sec}` : ''}`;
  } catch {
    return '';
  }
}

/** The next whole hour on the zone's wall clock after `now`, as "YYYY-MM-DDTHH:00:00". */
export function nextWholeHour(now: Date, zone: string): string {
  let parts: number[];
  try {
    parts = partsIn(now.getTime(), zone);
  } catch {
    parts = partsIn(now.getTime(), 'UTC');
  }
  const [y, mo, d, h] = parts;
  const next = new Date(Date.UTC(y!, mo! - 1, d!, h! + 1));
  return `${next.toISOString().slice(0, 13)}:00:00`;
}
