import { cronFor } from './cron';
import type { CronSchedule } from './schema';

// One more than a whole cycle of the finest field (at most 60 values) shows its shortest gap,
// including the one across the cycle's end ("0,59 * * * * *" is 1 s apart at :59 -> :00).
const FIRES = 62;

/** The shortest time in seconds between two of the next fires, or null when it fires fewer than twice. */
export function shortestCronGap(schedule: Pick<CronSchedule, 'expression' | 'timezone'>, from = new Date()): number | null {
  const fires = cronFor(schedule).nextRuns(FIRES, from);
  let shortest: number | null = null;
  for (let i = 1; i < fires.length; i++) {
    const gap = (fires[i]!.getTime() - fires[i - 1]!.getTime()) / 1000;
    shortest = shortest === null ? gap : Math.min(shortest, gap);
  }
  return shortest;
}

/** The gap when a cron fires more often than `minimum` seconds allow, else null. */
export function cronGapBelow(schedule: Pick<CronSchedule, 'expression' | 'timezone'>, minimum: number): number | null {
  // Five fields fire at most once a minute: no need to walk the fires (slow with a zone).
  if (minimum <= 60 && schedule.expression.trim().split(/\s+/).length === 5) return null;
  const gap = shortestCronGap(schedule);
  return gap !== null && gap < minimum ? gap : null;
}
