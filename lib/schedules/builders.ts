import cronstrue from 'cronstrue';
import { WEEKDAY_NAMES, type CronSchedule, type Schedule, type Weekday } from './schema';
import { cronEquivalent, TIME, TIME_MESSAGE } from './wall-clock';

export type { Weekday } from './schema';

/** Every day at `time` ('HH:MM', 24-hour) in the time zone, as a cron (the weekly report stores this). */
export function daily(opts: { time: string; timezone: string }): CronSchedule {
  checkTime(opts.time);
  return cronEquivalent({ kind: 'daily', ...opts });
}

/** On the given weekdays at `time` ('HH:MM', 24-hour) in the time zone, as a cron. */
export function weekly(opts: { days: Weekday[]; time: string; timezone: string }): CronSchedule {
  checkTime(opts.time);
  if (opts.days.length === 0) throw new Error('choose at least one weekday');
  const unknown = opts.days.find((d) => !WEEKDAY_NAMES.includes(d));
  if (unknown !== undefined) throw new Error(`unknown weekday '${unknown}', expected mon, tue, wed, thu, fri, sat or sun`);
  return cronEquivalent({ kind: 'weekly', ...opts });
}

/** A short English description, such as "At 02:00 (America/New_York)" or "Every 6 hours". */
export function describeSchedule(schedule: Schedule): string {
  const words = describeScheduleWords(schedule);
  return 'timezone' in schedule && schedule.timezone ? `${words} (${schedule.timezone})` : words;
}

/** The description without the zone, for places that show the zone beside it. */
export function describeScheduleWords(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'cron':
      return describeCron(schedule.expression);
    case 'daily':
    case 'weekly':
      return describeCron(cronEquivalent(schedule).expression);
    case 'interval':
      return describeInterval(schedule.everySeconds);
    case 'once':
      return schedule.timezone ? `Once at ${wallTime(schedule.at, schedule.timezone)}` : `Once at ${new Date(schedule.at).toISOString().replace('.000Z', 'Z')}`;
    case 'manual':
      return 'Manual only';
  }
}

function checkTime(time: string): void {
  if (!TIME.test(time)) throw new Error(`time ${TIME_MESSAGE}`);
}

function describeCron(expression: string): string {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true });
  } catch {
    // cronstrue does not know every croner extension (e.g. a '+' on day-of-week).
    return `Cron ${expression}`;
  }
}

/** "2026-12-24 18:00" in the zone (the zone itself is named by the caller). */
function wallTime(at: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const UNITS: [seconds: number, name: string][] = [
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

function describeInterval(everySeconds: number): string {
  const [size, name] = UNITS.find(([unit]) => everySeconds % unit === 0) ?? [1, 'second'];
  const count = everySeconds / size;
  return count === 1 ? `Every ${name}` : `Every ${count} ${name}s`;
}
