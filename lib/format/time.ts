// Pure time formatting for the dashboard. Every absolute time names its zone; relative
// times are short and carry the absolute one in a tooltip.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** "2026-03-08 02:30:00 America/New_York": the wall time in that zone, and the zone. */
export function formatInZone(value: Date | string, zone: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const parts = Object.fromEntries(formatter(zone).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${zone}`;
}

const STEPS: [limitSeconds: number, unitSeconds: number, unit: string][] = [
  [60, 1, 's'],
  [3600, 60, 'min'],
  [86400, 3600, 'h'],
  [Infinity, 86400, 'd'],
];

/** "in 3 min", "12 s ago", "now". Rounds toward zero so a countdown never jumps ahead. */
export function relativeTime(value: Date | string, now: Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const seconds = Math.trunc((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 1) return 'now';
  const [, unitSeconds, unit] = STEPS.find(([limit]) => abs < limit)!;
  const amount = Math.trunc(abs / unitSeconds);
  return seconds > 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

/** "850 ms", "12.3 s", "4 min 5 s", "2 h 3 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** "97.5%", or "—" when nothing finished. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(Math.floor(rate * 1000) / 10).toString()}%`;
}
