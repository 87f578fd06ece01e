import { DURATION_BUCKETS_MS } from '../../schema/tasks';
import { isPartial } from './items';
import type { Queryable } from './tx';

export type EndStatus = 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'lost';

export type RunEnd = {
  runId: number;
  /** The lease epoch the claim handed out: the fencing token. */
  epoch: number;
  status: EndStatus;
  result?: unknown;
  errorMessage?: string | null;
  errorStack?: string | null;
  /** Queue the next attempt after this many ms; null for none. */
  retryInMs: number | null;
  /** Recovery by another worker: end it only if its lease has expired. */
  onlyIfExpired?: boolean;
};

export type EndResult = { ended: number[]; late: number[] };

const bounds = `array[${DURATION_BUCKETS_MS.join(', ')}]::int[]`;
const bucketCount = DURATION_BUCKETS_MS.length + 1;

/**
 * End a batch of running runs and do all that follows, in one statement (atomically, in one
 * round trip, prepared once per connection): each run's status, its task's counters in
 * task_state, the day's stats row with its duration histogram, and the next attempt as a
 * new run linked to the first.
 *
 * Fencing: a run ends only while it is `running` under the epoch presented. A worker whose
 * lease was taken over (its run recorded `lost` and retried) ends nothing; its late outcome
 * is noted on its own attempt instead ("late"), once, and the newer attempt is untouched.
 * Repeating a batch is harmless, which is what makes retrying it after a transient error safe.
 *
 * Lock order (lock-order.md): runs (sorted by id) -> task_state (by task) -> stats (by task,
 * day) -> incidents and outbox. `state` reads `done` and `stats` reads `state`, which fixes the
 * order of the CTEs. A change of a task's failure streak opens, extends or resolves its
 * incident through the task_state triggers (db/migrations/0013_incident_events.sql), whose
 * WHEN clause leaves a success after a success untouched; they run at the statement's end,
 * after every lock above.
 *
 * Partial: a succeeded run whose result reports failed items (items.ts) is marked partial and
 * counted in the day's `partial`. For a task with notify.incidentOnPartial it counts as a failure
 * in task_state (its failed counter and failure streak), so it opens or keeps open the task's
 * incident like a failed run, and only a fully succeeded run recovers it.
 */
const SQL = `
with v as (
  select * from unnest($1::bigint[], $2::int[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::float8[], $8::boolean[], $9::boolean[])
    with ordinality as v(id, epoch, status, result, error_message, error_stack, retry_ms, expired_only, partial, ord)),
locked as (
  select r.id from runs r where r.id in (select v.id from v) order by r.id for update),
done as (
  update runs r set status = v.status, finished_at = now(), lease_expires_at = null,
    duration_ms = least(greatest(0, extract(epoch from now() - r.started_at) * 1000), 2147483647)::int,
    result = v.result, error_message = v.error_message, error_stack = v.error_stack, partial = v.partial, updated_at = now()
  from v join locked l on l.id = v.id
  where r.id = v.id and r.status = 'running' and r.lease_epoch = v.epoch
    and (not v.expired_only or r.lease_expires_at < now())
  returning r.id, r.task_id, r.status, r.started_at, r.finished_at, r.duration_ms, r.attempt, r.root_run_id, r.triggered_by,
    r.params, r.test_mode, r.rate_limit_key, r.queue, r.result, r.error_message, r.partial, v.retry_ms, v.ord),
late as (
  update runs r set
    error_message = coalesce(r.error_message, 'lost') || '; its worker finished it after its lease was lost: ' || v.status
      || coalesce(': ' || v.error_message, ''),
    result = coalesce(v.result, r.result), updated_at = now()
  from v join locked l on l.id = v.id
  where r.id = v.id and r.status = 'lost' and r.lease_epoch = v.epoch and not v.expired_only
    and coalesce(r.error_message, '') not like '%after its lease was lost%'
  returning r.id),
-- A retry chain counts once, by its last attempt: an attempt that is retried is no failure. A
-- partial run of a task with notify.incidentOnPartial counts as a failure here (not as a success).
-- The task is read only for a partial run: most ends look nothing up.
flagged as (
  select d.*, case when d.partial then exists (select 1 from tasks t where t.id = d.task_id and t.notify->>'incidentOnPartial' = 'true') else false end as partial_bad
  from done d),
health as (
  select d.*, (d.status = 'succeeded' and not d.partial_bad) as ok,
    ((d.status in ('failed', 'timed_out', 'lost') and d.retry_ms is null) or d.partial_bad) as bad
  from flagged d),
last_ok as (
  select h.task_id, max(h.ord) filter (where h.ok) as ord from health h group by h.task_id),
per_task as (
  select d.task_id,
    count(*)::int as total,
    count(*) filter (where d.ok)::int as succeeded,
    count(*) filter (where d.bad)::int as failed,
    -- failed slots after the batch's last success: an attempt followed by a retry is not one
    -- (a retry chain counts once), and a cancel neither breaks nor extends a streak
    count(*) filter (where d.bad and d.ord > coalesce(o.ord, 0))::int as streak,
    (array_agg(d.id order by d.ord) filter (where d.bad and d.ord > coalesce(o.ord, 0)))[1] as first_failed,
    (array_agg(d.id order by d.ord desc) filter (where d.bad and d.ord > coalesce(o.ord, 0)))[1] as last_failed,
    (array_agg(d.status order by d.ord desc))[1] as last_status,
    (array_agg(coalesce(d.started_at, now()) order by d.ord desc))[1] as last_run_at
  from health d join last_ok o on o.task_id = d.task_id
  group by d.task_id),
state as (
  insert into task_state as s (task_id, last_run_at, last_status, total_runs, succeeded_count, failed_count, consecutive_failures,
    failing_since_run_id, last_failed_run_id)
  select p.task_id, p.last_run_at, p.last_status, p.total, p.succeeded, p.failed, p.streak, p.first_failed, p.last_failed
  from per_task p order by p.task_id
  on conflict (task_id) do update set
    total_runs = s.total_runs + excluded.total_runs,
    succeeded_count = s.succeeded_count + excluded.succeeded_count,
    failed_count = s.failed_count + excluded.failed_count,
    consecutive_failures = case when excluded.succeeded_count > 0 then excluded.consecutive_failures
                                else s.consecutive_failures + excluded.consecutive_failures end,
    failing_since_run_id = case when excluded.succeeded_count > 0 or s.consecutive_failures = 0 then excluded.failing_since_run_id
                                else s.failing_since_run_id end,
    last_failed_run_id = case when excluded.succeeded_count > 0 then excluded.last_failed_run_id
                              else coalesce(excluded.last_failed_run_id, s.last_failed_run_id) end,
    last_status = excluded.last_status, last_run_at = excluded.last_run_at, updated_at = now()
  returning 1),
per_day as (
  select d.task_id, (coalesce(d.started_at, now()) at time zone 'UTC')::date as day,
    count(*)::int as total,
    count(*) filter (where d.status = 'succeeded')::int as succeeded,
    count(*) filter (where d.status = 'failed' and d.retry_ms is null)::int as failed,
    count(*) filter (where d.status = 'timed_out' and d.retry_ms is null)::int as timed_out,
    count(*) filter (where d.status = 'cancelled')::int as cancelled,
    count(*) filter (where d.status = 'lost' and d.retry_ms is null)::int as lost,
    count(*) filter (where d.retry_ms is not null)::int as retried,
    count(*) filter (where d.partial)::int as partial,
    coalesce(sum(d.duration_ms), 0)::bigint as duration_sum,
    coalesce(max(d.duration_ms), 0)::int as duration_max,
    array_agg(1 + (select count(*) from unnest(${bounds}) b where coalesce(d.duration_ms, 0) >= b)) as buckets
  from done d where (select count(*) from state) >= 0
  group by 1, 2),
stats as (
  insert into task_stats_daily as s (task_id, day, total, succeeded, failed, timed_out, cancelled, lost, retried, partial, duration_ms_sum, duration_ms_max, duration_buckets)
  select p.task_id, p.day, p.total, p.succeeded, p.failed, p.timed_out, p.cancelled, p.lost, p.retried, p.partial, p.duration_sum, p.duration_max,
    array(select (select count(*) from unnest(p.buckets) x where x = i)::int from generate_series(1, ${bucketCount}) i order by i)
  from per_day p order by p.task_id, p.day
  on conflict (task_id, day) do update set
    total = s.total + excluded.total, succeeded = s.succeeded + excluded.succeeded, failed = s.failed + excluded.failed,
    timed_out = s.timed_out + excluded.timed_out, cancelled = s.cancelled + excluded.cancelled, lost = s.lost + excluded.lost,
    retried = s.retried + excluded.retried, partial = s.partial + excluded.partial,
    duration_ms_sum = s.duration_ms_sum + excluded.duration_ms_sum,
    duration_ms_max = greatest(s.duration_ms_max, excluded.duration_ms_max),
    -- Element by element; a row the tick created for a skipped slot has an empty histogram.
    duration_buckets = array(
      select coalesce(s.duration_buckets[i], 0) + coalesce(excluded.duration_buckets[i], 0)
      from generate_series(1, greatest(cardinality(s.duration_buckets), cardinality(excluded.duration_buckets))) i order by i),
    updated_at = now()),
retry as (
  insert into runs (task_id, trigger, triggered_by, status, scheduled_for, not_before, attempt, root_run_id, params, test_mode, rate_limit_key, queue, reason)
  select d.task_id, 'retry', d.triggered_by, 'queued', now() + make_interval(secs => d.retry_ms / 1000), now() + make_interval(secs => d.retry_ms / 1000),
    d.attempt + 1, coalesce(d.root_run_id, d.id), d.params, d.test_mode, d.rate_limit_key,
    -- A pipeline's attempt may end on a remote step's queue; its retry starts in-process and
    -- goes back to that queue at that step. Only runs on a queue look their task up.
    case when d.queue is not null and exists (select 1 from tasks t where t.id = d.task_id and t.handler = 'pipeline') then null else d.queue end,
    'retry of run ' || d.id || ' after ' || d.status
  from done d where d.retry_ms is not null),
-- The few tasks that hear of every run's end (run.succeeded, run.finished to a callback URL),
-- found through a near-empty partial index (tasks_run_messages_idx: keep this filter identical
-- to db/schema/tasks.ts RUN_MESSAGES). Stands last in the lock order: the outbox.
run_messages as (
  select d.*, t.name as task_name, t.notify from done d join tasks t on t.id = d.task_id
  where (t.notify->'events'->>'success' = 'true' or t.notify->>'callbackUrl' is not null) and d.retry_ms is null),
messages as (
  insert into outbox (channel_id, target, event, dedupe_key, task_id, data)
  select m.channel_id, m.target, m.event, m.dedupe_key, m.task_id, m.data from (
    select c as channel_id, null as target, 'run.succeeded' as event, 'run:' || r.id || ':succeeded:' || c as dedupe_key, r.task_id,
      jsonb_build_object('run', jsonb_build_object('id', r.id, 'status', r.status, 'startedAt', r.started_at, 'finishedAt', r.finished_at,
        'durationMs', r.duration_ms, 'attempt', r.attempt), 'task', jsonb_build_object('id', r.task_id, 'name', r.task_name),
        'links', jsonb_build_object('run', '/runs/' || r.id, 'task', '/tasks/' || r.task_id)) as data, 1 as k, r.id
    from run_messages r, sundial_task_channels(r.notify) c
    where r.status = 'succeeded' and r.notify->'events'->>'success' = 'true'
    union all
    select null, r.notify->>'callbackUrl', 'run.finished', 'run:' || r.id || ':finished', r.task_id,
      jsonb_build_object('runId', r.id, 'taskId', r.task_id, 'taskName', r.task_name, 'outcome', r.status, 'result', r.result,
        'error', r.error_message, 'attempt', r.attempt, 'startedAt', r.started_at, 'finishedAt', r.finished_at, 'durationMs', r.duration_ms,
        'links', jsonb_build_object('run', '/runs/' || r.id, 'task', '/tasks/' || r.task_id)), 2, r.id
    from run_messages r where r.notify->>'callbackUrl' is not null) m
  order by m.id, m.k
  on conflict (dedupe_key) do nothing)
select 'ended' as outcome, id from done
union all
select 'late', id from late`;

export async function endRuns(client: Queryable, ends: RunEnd[]): Promise<EndResult> {
  if (ends.length === 0) return { ended: [], late: [] };
  const { rows } = await client.query<{ outcome: 'ended' | 'late'; id: string }>({
    name: 'sundial_end_runs',
    text: SQL,
    values: [
      ends.map((e) => e.runId),
      ends.map((e) => e.epoch),
      ends.map((e) => e.status),
      ends.map((e) => (e.result === undefined ? null : storableJson(e.result))),
      ends.map((e) => storableText(e.errorMessage)),
      ends.map((e) => storableText(e.errorStack)),
      ends.map((e) => e.retryInMs),
      ends.map((e) => e.onlyIfExpired ?? false),
      ends.map((e) => isPartial(e.status, e.result)),
    ],
  });
  const out: EndResult = { ended: [], late: [] };
  for (const r of rows) out[r.outcome].push(Number(r.id));
  return out;
}

// Postgres refuses NUL in text and the \u0000 escape in jsonb: one such end would fail the
// whole batch, again on every retry, and every run in it would stay running until its lease
// expired. Each NUL becomes U+FFFD.
const NUL = /\0/g;
const storableText = (text: string | null | undefined): string | null => (text == null ? null : text.replace(NUL, '\uFFFD'));

export function storableJson(value: unknown): string {
  // The common case pays one plain stringify; only text with a NUL escape is redone.
  const text = JSON.stringify(value) ?? 'null';
  if (!text.includes('\\u0000')) return text;
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return v.replace(NUL, '\uFFFD');
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.includes('\0'))) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(NUL, '\uFFFD'), x]));
    }
    return v;
  });
}
