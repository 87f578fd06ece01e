import { cronFor } from './cron';
import type { CronSchedule, IntervalSchedule, Schedule, WallClockSchedule } from './schema';
import { cronEquivalent } from './wall-clock';

// Daily and weekly fire as their cron, so they share its DST rules and its parsed-pattern cache.
const slotCron = (schedule: CronSchedule | WallClockSchedule) => cronFor(schedule.kind === 'cron' ? schedule : cronEquivalent(schedule));

// Dates can hold instants up to 8.64e15 ms either side of the epoch.
const MAX_MS = 8.64e15;

/** Up to n fire times strictly after `after`, ascending. The schedule must be validated. */
export function nextFires(schedule: Schedule, after: Date, n: number): Date[] {
  const count = Math.max(0, Math.floor(n));
  if (count === 0) return [];
  switch (schedule.kind) {
    case 'cron':
    case 'daily':
    case 'weekly':
      return slotCron(schedule).nextRuns(count, after);
    case 'interval': {
      const grid = intervalGrid(schedule);
      const first = grid.lastAtOrBefore(after.getTime()) + 1;
      return grid.fires(first, first + count - 1);
    }
    case 'once': {
      const at = Date.parse(schedule.at);
      return at > after.getTime() ? [new Date(at)] : [];
    }
    case 'manual':
      return [];
  }
}

export function nextFire(schedule: Schedule, after: Date): Date | null {
  return nextFires(schedule, after, 1)[0] ?? null;
}

/** The latest (at most `limit`) fires with from <= t <= to, ascending; truncated=true when older fires in the range were left out. */
export function latestFiresBetween(
  schedule: Schedule,
  from: Date,
  to: Date,
  limit: number,
): { fires: Date[]; truncated: boolean } {
  const max = Math.max(0, Math.floor(limit));
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs < fromMs) return { fires: [], truncated: false };
  let found: Date[];
  switch (schedule.kind) {
    case 'cron':
    case 'daily':
    case 'weekly': {
      // previousRuns excludes its reference, and cron fires fall on whole seconds,
      // so the second after `to` makes `to` inclusive. Asking for one extra fire
      // tells whether older ones were left out, without walking from `from`.
      const reference = new Date(Math.floor(toMs / 1000) * 1000 + 1000);
      found = slotCron(schedule).previousRuns(max + 1, reference).reverse();
      break;
    }
    case 'interval': {
      const grid = intervalGrid(schedule);
      const last = grid.lastAtOrBefore(toMs);
      const first = Math.max(grid.firstAtOrAfter(fromMs), last - max);
      found = grid.fires(first, last);
      break;
    }
    case 'once': {
      const at = Date.parse(schedule.at);
      found = at <= toMs ? [new Date(at)] : [];
      break;
    }
    case 'manual':
      found = [];
  }
  const inRange = found.filter((fire) => fire.getTime() >= fromMs && fire.getTime() <= toMs);
  return { fires: inRange.slice(Math.max(0, inRange.length - max)), truncated: inRange.length > max };
}

/** Fire k of an interval is anchor + k * period, for any integer k, so the grid never drifts. */
function intervalGrid(schedule: IntervalSchedule) {
  const anchor = schedule.anchor === undefined ? 0 : Date.parse(schedule.anchor);
  const period = schedule.everySeconds * 1000;
  const at = (k: number) => anchor + k * period;
  // Division gives the index; the loops correct any floating-point rounding.
  const lastAtOrBefore = (ms: number) => {
    let k = Math.floor((ms - anchor) / period);
    while (at(k + 1) <= ms) k++;
    while (at(k) > ms) k--;
    return k;
  };
  return {
    lastAtOrBefore,
    firstAtOrAfter: (ms: number) => {
      const k = lastAtOrBefore(ms);
      return at(k) === ms ? k : k + 1;
    },
    fires: (first: number, last: number) => {
      const out: Date[] = [];
      for (let k = first; k <= last; k++) if (Math.abs(at(k)) <= MAX_MS) out.push(new Date(at(k)));
      return out;
    },
  };
}
