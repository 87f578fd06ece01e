import { WEEKDAY_NAMES, type CronSchedule, type Weekday, type WallClockSchedule } from './schema';

const CRON_DAY: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
export const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const TIME_MESSAGE = 'must be HH:MM, 00:00 to 23:59';

/** The weekdays once each, Monday first: the order the form and the API answer with. */
export const weekOrder = (days: readonly Weekday[]): Weekday[] => WEEKDAY_NAMES.filter((d) => days.includes(d));

/**
 * The cron that fires a daily or weekly schedule. Slot math goes through it, so these kinds
 * get cron's DST rules (a skipped time runs at the gap's end, a repeated one once) while the
 * task keeps the shape it was given. The schedule must be validated.
 */
export function cronEquivalent(schedule: WallClockSchedule): CronSchedule {
  const [, hour, minute] = TIME.exec(schedule.time)!.map(Number);
  const days = schedule.kind === 'daily' ? '*' : [...new Set(schedule.days.map((d) => CRON_DAY[d]))].sort((a, b) => a - b).join(',');
  return { kind: 'cron', expression: `${minute} ${hour} * * ${days}`, timezone: schedule.timezone };
}
