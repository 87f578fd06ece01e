import type { Weekday } from '../schedules/builders';

export const WEEKDAYS: { value: Weekday; label: string }[] = [
  { value: 'mon', label: 'Monday' },
  { value: 'tue', label: 'Tuesday' },
  { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' },
  { value: 'fri', label: 'Friday' },
  { value: 'sat', label: 'Saturday' },
  { value: 'sun', label: 'Sunday' },
];

const NUMBERS: Record<string, Weekday> = { '0': 'sun', '1': 'mon', '2': 'tue', '3': 'wed', '4': 'thu', '5': 'fri', '6': 'sat', '7': 'sun' };

/** Day, time and zone of a one-day weekly schedule or a "minute hour * * day" cron, as the report form shows them; null for any other shape. */
export function readWeeklySchedule(schedule: unknown): { day: Weekday; time: string; timezone: string } | null {
  const s = schedule as { kind?: string; expression?: string; timezone?: string; days?: Weekday[]; time?: string } | null;
  if (s?.kind === 'weekly' && s.days?.length === 1 && s.time && s.timezone) return { day: s.days[0]!, time: s.time, timezone: s.timezone };
  if (s?.kind !== 'cron' || !s.expression || !s.timezone) return null;
  const m = /^(\d{1,2}) (\d{1,2}) \* \* ([0-7])$/.exec(s.expression.trim());
  if (!m) return null;
  return { day: NUMBERS[m[3]!]!, time: `${m[2]!.padStart(2, '0')}:${m[1]!.padStart(2, '0')}`, timezone: s.timezone };
}
