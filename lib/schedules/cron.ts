import { Cron } from 'croner';
import type { CronSchedule } from './schema';

// Parsing a pattern is the costly part, and a tick plans every due task every second.
const cache = new Map<string, Cron>();
const CACHE_LIMIT = 10_000;

// paused: no timer may ever start; 5-or-6-parts: reject 7 fields (years);
// domAndDow false: standard cron OR of day-of-month and day-of-week.
export function cronFor(schedule: Pick<CronSchedule, 'expression' | 'timezone'>): Cron {
  const key = `${schedule.timezone}\u0000${schedule.expression}`;
  let cron = cache.get(key);
  if (!cron) {
    cron = new Cron(schedule.expression, { timezone: schedule.timezone, mode: '5-or-6-parts', domAndDow: false, paused: true });
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, cron);
  }
  return cron;
}
