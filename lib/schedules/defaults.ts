import type { Schedule } from './schema';

/**
 * The schedule as saving it at `now` stores it: an interval without an anchor is anchored on
 * `now`, so its grid never drifts. The preview applies it too, so it shows what a save would store.
 */
export function withSaveDefaults(schedule: Schedule, now: Date): Schedule {
  return schedule.kind === 'interval' && !schedule.anchor ? { ...schedule, anchor: now.toISOString() } : schedule;
}
