import cronstrue from 'cronstrue';
import type { CronSchedule, Schedule } from './schema';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

const DAY_NUMBERS: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Every day at `time` ('HH:MM', 24-hour) in the time zone. */
export function daily(opts: { time: string; timezone: string }): CronSchedule {
  const { hour, minute } = parseTime(opts.time);
  return { kind: 'cron', expression: `${minute} ${hour} * * *`, timezone: opts.timezone };
}

/** On the given weekdays at `time` ('HH:MM', 24-hour) in the time zone. */
export function weekly(opts: { days: Weekday[]; time: string; timezone: string }): CronSchedule {
  const { hour, minute } = parseTime(opts.time);
  if (opts.days.length === 0) throw new Error('choose at least one weekday');
  const numbers = opts.days.map((day) => {
    const n = DAY_NUMBERS[day];
    if (n === undefined) throw new Error(`unknown weekday '${day}', expected mon, tue, wed, thu, fri, sat or sun`);
    return n;
  });
  const days = [...new Set(numbers)].sort((a, b) => a - b).join(',');
  return { kind: 'cron', expression: `${minute} ${hour} * * ${days}`, timezone: opts.timezone };
}

/** A short English description, such as "At 02:00 (America/New_York)" or "Every 6 hours". */
export function describeSchedule(schedule: Schedule): string {
  return schedule.kind === 'cron' ? `${describeCron(schedule.expression)} (${schedule.timezone})` : describeScheduleWords(schedule);
}

/** The description without the zone, for places that show the zone beside it. */
export function describeScheduleWords(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'cron':
      return describeCron(schedule.expression);
    case 'interval':
      return describeInterval(schedule.everySeconds);
    case 'once':
      return `Once at ${new Date(schedule.at).toISOString().replace('.000Z', 'Z')}`;
    case 'manual':
      return 'Manual only';
  }
}

function parseTime(time: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error('time must be HH:MM, 00:00 to 23:59');
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function describeCron(expression: string): string {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true });
  } catch {
    // cronstrue does not know every croner extension (e.g. a '+' on day-of-week).
    return `Cron ${expression}`;
  }
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
