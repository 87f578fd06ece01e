import { Cron } from 'croner';
import type { CronSchedule } from './schema';

// paused: no timer may ever start; 5-or-6-parts: reject 7 fields (years);
// domAndDow false: standard cron OR of day-of-month and day-of-week.
export function cronFor(schedule: Pick<CronSchedule, 'expression' | 'timezone'>): Cron {
  return new Cron(schedule.expression, {
    timezone: schedule.timezone,
    mode: '5-or-6-parts',
    domAndDow: false,
    paused: true,
  });
}
