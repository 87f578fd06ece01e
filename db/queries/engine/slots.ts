import { CANCEL_PAYLOAD, RUNS_CHANNEL } from './channels';
import type { Queryable } from './tx';

export type Slot = {
  taskId: string;
  scheduledFor: Date;
  trigger: 'schedule' | 'catch_up';
  status: 'queued' | 'missed';
  reason: string | null;
  rateLimitKey: string | null;
  /** A remote task's queue; null runs in-process. */
  queue: string | null;
  /** Concurrency forbid: a queued slot is recorded `skipped` while an earlier run is queued or running. */
  forbid: boolean;
  /** Concurrency replace: a queued slot asks the task's running run to cancel. */
  replace: boolean;
};

export type Materialized = { queued: number; recorded: number; replaced: number };

/**
 * The set part of a tick, for tasks locked by lockDueTasks in the same transaction: insert
 * every planned slot under UNIQUE (task_id, scheduled_for) (a slot inserted twice is
 * inserted once), advance each task's next_run_at, then ask `replace` tasks' running runs
 * to cancel, then count skipped and missed slots in the daily stats. Three statements in
 * lock order: tasks and new runs, existing runs (by id), stats (by task, day).
 * "Forbid" looks at runs from before this tick; the slots of one tick run in turn.
 */
export async function materializeSlots(client: Queryable, slots: Slot[], advance: { id: string; at: Date | null }[], now: Date): Promise<Materialized> {
  const { rows } = await client.query<{ task_id: string; day: string; status: string; n: number; replace: boolean }>({
    name: 'sundial_materialize_slots',
    text: `with v as (
        select * from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[], $12::text[])
          as v(task_id, slot, trigger, status, reason, rate_limit_key, forbid, replace, queue)),
      w as (
        select v.*, (v.status = 'queued' and v.forbid
          and exists (select 1 from runs x where x.task_id = v.task_id and x.status in ('queued', 'running'))) as skip
        from v),
      ins as (
        insert into runs (task_id, trigger, triggered_by, status, reason, scheduled_for, not_before, finished_at, rate_limit_key, queue)
        select w.task_id, w.trigger, 'scheduler', case when w.skip then 'skipped' else w.status end,
          case when w.skip then 'skipped: the previous run is still queued or running (concurrency forbid)' else w.reason end,
          w.slot, $11::timestamptz, case when w.status = 'queued' and not w.skip then null else $11::timestamptz end, w.rate_limit_key, w.queue
        from w order by w.task_id, w.slot
        on conflict (task_id, scheduled_for) where trigger in ('schedule', 'catch_up') do nothing
        returning task_id, status, scheduled_for),
      adv as (
        update tasks set next_run_at = n.at, updated_at = now()
        from unnest($9::uuid[], $10::timestamptz[]) as n(id, at) where tasks.id = n.id),
      counted as (
        select i.task_id, (i.scheduled_for at time zone 'UTC')::date::text as day, i.status, count(*)::int as n,
          bool_or(i.status = 'queued' and v.replace) as replace
        from ins i join v on v.task_id = i.task_id and v.slot = i.scheduled_for
        group by 1, 2, 3)
      -- read by the select list, so it runs once, after the inserts
      select c.*, (select pg_notify('${RUNS_CHANNEL}', '') where exists (select 1 from counted q where q.status = 'queued'))::text as notified
      from counted c`,
    values: [
      slots.map((s) => s.taskId),
      slots.map((s) => s.scheduledFor),
      slots.map((s) => s.trigger),
      slots.map((s) => s.status),
      slots.map((s) => s.reason),
      slots.map((s) => s.rateLimitKey),
      slots.map((s) => s.forbid),
      slots.map((s) => s.replace),
      advance.map((a) => a.id),
      advance.map((a) => a.at),
      now,
      slots.map((s) => s.queue),
    ],
  });
  const replaceTasks = [...new Set(rows.filter((r) => r.replace).map((r) => r.task_id))];
  if (replaceTasks.length > 0) await requestCancelRunning(client, replaceTasks);
  const skippedOrMissed = rows.filter((r) => r.status === 'skipped' || r.status === 'missed');
  if (skippedOrMissed.length > 0) await countSlots(client, skippedOrMissed);
  return {
    queued: rows.filter((r) => r.status === 'queued').reduce((a, r) => a + r.n, 0),
    recorded: rows.reduce((a, r) => a + r.n, 0),
    replaced: replaceTasks.length,
  };
}

/** The `replace` policy: the workers running these tasks' earlier runs cancel them when they next renew. */
async function requestCancelRunning(client: Queryable, taskIds: string[]): Promise<void> {
  await client.query(
    `with locked as (
       select id from runs where task_id = any($1::uuid[]) and status = 'running' and cancel_requested_at is null order by id for update),
     asked as (
       update runs set cancel_requested_at = now(), reason = 'replaced by a newer fire', updated_at = now()
       from locked where runs.id = locked.id returning runs.id)
     select pg_notify('${RUNS_CHANNEL}', '${CANCEL_PAYLOAD}') from asked limit 1`,
    [taskIds],
  );
}

async function countSlots(client: Queryable, rows: { task_id: string; day: string; status: string; n: number }[]): Promise<void> {
  await client.query(
    `insert into task_stats_daily (task_id, day, total, skipped, missed)
     select v.task_id, v.day, sum(v.n), coalesce(sum(v.n) filter (where v.status = 'skipped'), 0), coalesce(sum(v.n) filter (where v.status = 'missed'), 0)
     from unnest($1::uuid[], $2::date[], $3::text[], $4::int[]) as v(task_id, day, status, n)
     group by 1, 2 order by 1, 2
     on conflict (task_id, day) do update set
       total = task_stats_daily.total + excluded.total,
       skipped = task_stats_daily.skipped + excluded.skipped,
       missed = task_stats_daily.missed + excluded.missed,
       updated_at = now()`,
    [rows.map((r) => r.task_id), rows.map((r) => r.day), rows.map((r) => r.status), rows.map((r) => r.n)],
  );
}
