import type pg from 'pg';
import { planFires, type FirePlan, type PlannedRun } from '../../../lib/engine/plan';
import type { Schedule } from '../../../lib/schedules';
import { readPolicy, type Policy } from '../../../lib/tasks/policy';
import { RUNS_CHANNEL } from '../../../lib/engine/channels';
import { inTransaction } from './tx';

type DueTask = { id: string; schedule: Schedule; policy: unknown; next_run_at: Date };
type Row = PlannedRun & { taskId: string; status: 'queued' | 'missed' | 'skipped'; rateLimitKey: string | null };

export type FireResult = { tasks: number; queued: number; recorded: number; replaced: string[]; failures: { taskId: string; error: string }[] };

/**
 * One scheduler tick: turn every due slot into a run row, once, however many workers tick.
 * Slots are planned first without locks (the costly part), then a short transaction locks
 * the tasks with SKIP LOCKED (two workers split them), keeps those whose next_run_at is
 * still the one planned from, inserts the slots under UNIQUE (task_id, scheduled_for) (a
 * slot inserted twice is inserted once) and advances next_run_at. "Due" is judged by the
 * database clock, or by `now` when a test injects one.
 */
export async function fireDueTasks(pool: pg.Pool, opts: { now?: Date; limit?: number } = {}): Promise<FireResult> {
  const { rows: due } = await pool.query<DueTask & { now: Date }>(
    `select t.id, t.schedule, t.policy, t.next_run_at, c.now
     from (select coalesce($1::timestamptz, now()) as now) c
     join tasks t on t.enabled and t.next_run_at <= c.now
     where not exists (select 1 from settings s where s.key = 'scheduler.paused' and s.value = 'true'::jsonb)
     order by t.next_run_at
     limit $2`,
    [opts.now ?? null, opts.limit ?? 500],
  );
  if (due.length === 0) return { tasks: 0, queued: 0, recorded: 0, replaced: [], failures: [] };
  const now = due[0]!.now;
  const failures: FireResult['failures'] = [];
  const plans = new Map<string, { from: number; plan: FirePlan; policy: Policy }>();
  for (const task of due) {
    const policy = readPolicy(task.policy);
    try {
      plans.set(task.id, { from: task.next_run_at.getTime(), plan: planFires({ schedule: task.schedule, nextRunAt: task.next_run_at, now, policy }), policy });
    } catch (err) {
      // A schedule that cannot be evaluated stops that task, not the tick.
      failures.push({ taskId: task.id, error: err instanceof Error ? err.message : String(err) });
      plans.set(task.id, { from: task.next_run_at.getTime(), plan: { runs: [], nextRunAt: null }, policy });
    }
  }
  return inTransaction(pool, async (client) => {
    const { rows: locked } = await client.query<{ id: string; next_run_at: Date; active: boolean }>(
      `select t.id, t.next_run_at,
         exists (select 1 from runs x where x.task_id = t.id and x.status in ('queued', 'running')) as active
       from tasks t where t.id = any($1::uuid[]) and t.enabled
       for update of t skip locked`,
      [[...plans.keys()]],
    );
    const rows: Row[] = [];
    const next: { id: string; at: Date | null }[] = [];
    const replaced: string[] = [];
    for (const task of locked) {
      const planned = plans.get(task.id);
      // Changed since we planned (edited, or fired by another worker): the next tick replans.
      if (!planned || task.next_run_at?.getTime() !== planned.from) continue;
      const { plan, policy } = planned;
      for (const run of plan.runs) {
        const row: Row = { ...run, taskId: task.id, rateLimitKey: policy.rateLimit?.key ?? null };
        // Forbid looks at runs from before this tick; the slots of one tick run in turn.
        if (run.status === 'queued' && policy.concurrency === 'forbid' && task.active) {
          Object.assign(row, { status: 'skipped', reason: 'skipped: the previous run is still queued or running (concurrency forbid)' });
        }
        if (run.status === 'queued' && policy.concurrency === 'replace' && task.active && !replaced.includes(task.id)) replaced.push(task.id);
        rows.push(row);
      }
      next.push({ id: task.id, at: plan.nextRunAt });
    }
    const inserted = await insertSlots(client, rows, now);
    if (next.length > 0) {
      await client.query(
        `update tasks set next_run_at = v.at, updated_at = now()
         from unnest($1::uuid[], $2::timestamptz[]) as v(id, at) where tasks.id = v.id`,
        [next.map((n) => n.id), next.map((n) => n.at)],
      );
    }
    if (inserted.queued > 0) await client.query(`select pg_notify('${RUNS_CHANNEL}', '')`);
    return { tasks: next.length, queued: inserted.queued, recorded: inserted.total, replaced, failures };
  });
}

async function insertSlots(client: pg.PoolClient, rows: Row[], now: Date): Promise<{ total: number; queued: number }> {
  if (rows.length === 0) return { total: 0, queued: 0 };
  const { rows: out } = await client.query<{ total: number; queued: number }>(
    `with ins as (
       insert into runs (task_id, trigger, triggered_by, status, reason, scheduled_for, not_before, finished_at, rate_limit_key)
       select v.task_id, v.trigger, 'scheduler', v.status, v.reason, v.slot, $7::timestamptz,
              case when v.status = 'queued' then null else $7::timestamptz end, v.rate_limit_key
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
         as v(task_id, trigger, status, reason, slot, rate_limit_key)
       on conflict (task_id, scheduled_for) where trigger in ('schedule', 'catch_up') do nothing
       returning task_id, status, scheduled_for),
     stats as (
       insert into task_stats_daily (task_id, day, total, skipped, missed)
       select task_id, (scheduled_for at time zone 'UTC')::date, count(*),
              count(*) filter (where status = 'skipped'), count(*) filter (where status = 'missed')
       from ins where status in ('skipped', 'missed')
       group by 1, 2
       on conflict (task_id, day) do update set
         total = task_stats_daily.total + excluded.total,
         skipped = task_stats_daily.skipped + excluded.skipped,
         missed = task_stats_daily.missed + excluded.missed,
         updated_at = now())
     select count(*)::int as total, count(*) filter (where status = 'queued')::int as queued from ins`,
    [
      rows.map((r) => r.taskId),
      rows.map((r) => r.trigger),
      rows.map((r) => r.status),
      rows.map((r) => r.reason ?? null),
      rows.map((r) => r.scheduledFor),
      rows.map((r) => r.rateLimitKey),
      now,
    ],
  );
  return out[0] ?? { total: 0, queued: 0 };
}

/** The `replace` policy: ask the workers running these tasks' earlier runs to cancel them. */
export async function requestCancelRunning(pool: pg.Pool, taskIds: string[]): Promise<void> {
  if (taskIds.length === 0) return;
  await pool.query(
    `update runs set cancel_requested_at = now(), reason = 'replaced by a newer fire', updated_at = now()
     where task_id = any($1::uuid[]) and status = 'running' and cancel_requested_at is null`,
    [taskIds],
  );
}
