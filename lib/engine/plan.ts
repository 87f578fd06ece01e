import { latestFiresBetween, nextFire, type Schedule } from '../schedules';
import type { Policy } from '../tasks/policy';

export type PlannedRun = {
  scheduledFor: Date;
  trigger: 'schedule' | 'catch_up';
  status: 'queued' | 'missed';
  reason?: string;
};
export type FirePlan = { runs: PlannedRun[]; nextRunAt: Date | null };

// Past this many due slots (a long outage of an every-second task) only the latest are
// recorded; the oldest recorded row says that earlier ones were missed too.
const RECORDED_SLOTS = 100;

/**
 * What a tick does with a task whose `next_run_at` is due. Slots within the grace window
 * all run: a late tick delays a slot but never drops it. Slots older than the grace window
 * are misfires, handled by the task's misfire policy:
 * - coalesce: one run, for the latest due slot; every other due slot is recorded `missed`;
 * - skip: misfires are recorded `missed`; on-time slots run;
 * - catch_up: the latest `catchUpMax` misfires run (trigger `catch_up`), older ones `missed`.
 */
export function planFires(input: {
  schedule: Schedule;
  nextRunAt: Date;
  now: Date;
  policy: Pick<Policy, 'misfire' | 'misfireGraceSeconds' | 'catchUpMax'>;
}): FirePlan {
  const { schedule, nextRunAt, now, policy } = input;
  const { fires, truncated, next } = dueFires(schedule, nextRunAt, now, Math.max(RECORDED_SLOTS, policy.catchUpMax + RECORDED_SLOTS));
  const graceStart = now.getTime() - policy.misfireGraceSeconds * 1000;
  const late = fires.filter((f) => f.getTime() < graceStart);
  const onTime = fires.filter((f) => f.getTime() >= graceStart);
  const queued = (f: Date, trigger: PlannedRun['trigger'] = 'schedule', reason?: string): PlannedRun => ({ scheduledFor: f, trigger, status: 'queued', reason });
  const missed = (f: Date, reason: string): PlannedRun => ({ scheduledFor: f, trigger: 'schedule', status: 'missed', reason });
  const lateBy = `more than ${policy.misfireGraceSeconds}s late`;

  let runs: PlannedRun[];
  if (late.length === 0 && !truncated) {
    runs = onTime.map((f) => queued(f));
  } else if (policy.misfire === 'coalesce') {
    const latest = fires[fires.length - 1]!;
    runs = fires.map((f) =>
      f === latest ? queued(f, 'schedule', `coalesced ${fires.length - 1} earlier slot(s)`) : missed(f, `${lateBy}; coalesced into the run for ${latest.toISOString()}`),
    );
  } else if (policy.misfire === 'skip') {
    runs = [...late.map((f) => missed(f, `${lateBy}; misfire policy is skip`)), ...onTime.map((f) => queued(f))];
  } else {
    const caught = late.slice(-policy.catchUpMax);
    const dropped = late.slice(0, late.length - caught.length);
    runs = [
      ...dropped.map((f) => missed(f, `${lateBy}; beyond the catch-up cap of ${policy.catchUpMax}`)),
      ...caught.map((f) => queued(f, 'catch_up', `catching up a slot ${lateBy}`)),
      ...onTime.map((f) => queued(f)),
    ];
  }
  if (truncated && runs[0]) {
    runs[0] = { ...runs[0], reason: `${runs[0].reason ?? ''}; earlier slots since ${nextRunAt.toISOString()} were missed too and are not listed` };
  }
  return { runs, nextRunAt: next };
}

// Slot math costs about 100 µs a step with croner and a tick plans every due task each
// second, so walk forward from next_run_at (itself a fire time): the usual tick takes one
// step, and the first fire past `now` is the new next_run_at. Only after an outage search
// backwards. Steps are memoized per schedule and instant: a thousand tasks on one cron
// expression share one computation per tick.
const FORWARD = 8;
const MEMO_LIMIT = 50_000;
const memo = new Map<string, number | null>();
function nextFireMemo(schedule: Schedule, after: Date): Date | null {
  const key = `${JSON.stringify(schedule)}@${after.getTime()}`;
  let hit = memo.get(key);
  if (hit === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    hit = nextFire(schedule, after)?.getTime() ?? null;
    memo.set(key, hit);
  }
  return hit === null ? null : new Date(hit);
}
function dueFires(schedule: Schedule, from: Date, to: Date, limit: number): { fires: Date[]; truncated: boolean; next: Date | null } {
  const fires: Date[] = [];
  let cursor: Date | null = from;
  while (cursor && cursor.getTime() <= to.getTime() && fires.length < FORWARD) {
    fires.push(cursor);
    cursor = nextFireMemo(schedule, cursor);
  }
  if (!cursor || cursor.getTime() > to.getTime()) return { fires, truncated: false, next: cursor };
  return { ...latestFiresBetween(schedule, from, to, limit), next: nextFire(schedule, to) };
}
