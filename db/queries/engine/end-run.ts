import { DURATION_BUCKETS_MS } from '../../../lib/engine/stats';
import type { Queryable } from './tx';

export type EndRun = {
  runId: number;
  status: 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'lost';
  /** Only end it if this worker still holds it (a finishing worker). */
  workerId?: string;
  /** Only end it if its lease has expired (recovery by another worker). */
  onlyIfExpired?: boolean;
  result?: unknown;
  errorMessage?: string | null;
  errorStack?: string | null;
  /** Queue the next attempt after this many ms; null for none. */
  retryInMs: number | null;
};

const bounds = `array[${DURATION_BUCKETS_MS.join(', ')}]`;

/**
 * End a running run and do all that follows, in one statement (so, atomically and in one
 * round trip): the run's status, the task's totals and failure streak, the day's stats row
 * (its duration histogram merged element by element), and the next attempt as a new run
 * linked to the first. The guards make it a no-op when the run is no longer ours to end.
 */
const SQL = `
with done as (
  update runs set status = $2, finished_at = now(), lease_expires_at = null,
    duration_ms = least(greatest(0, extract(epoch from now() - started_at) * 1000), 2147483647)::int,
    result = $5::jsonb, error_message = $6, error_stack = $7, updated_at = now()
  where id = $1 and status = 'running'
    and ($3::text is null or worker_id = $3)
    and (not $4::boolean or lease_expires_at < now())
  returning *),
failed as (select done.*, status in ('failed', 'timed_out', 'lost') as failure from done),
task as (
  update tasks t set
    total_runs = total_runs + 1,
    succeeded_count = succeeded_count + (f.status = 'succeeded')::int,
    failed_count = failed_count + f.failure::int,
    consecutive_failures = case when f.status = 'succeeded' then 0 when f.failure then consecutive_failures + 1 else consecutive_failures end,
    last_status = f.status, last_run_at = coalesce(f.started_at, now()), updated_at = now()
  from failed f where t.id = f.task_id),
stats as (
  insert into task_stats_daily as s (task_id, day, total, succeeded, failed, timed_out, cancelled, lost, duration_ms_sum, duration_ms_max, duration_buckets)
  select task_id, (coalesce(started_at, now()) at time zone 'UTC')::date, 1,
    (status = 'succeeded')::int, (status = 'failed')::int, (status = 'timed_out')::int, (status = 'cancelled')::int, (status = 'lost')::int,
    duration_ms, duration_ms,
    (select array_agg((i = 1 + (select count(*) from unnest(${bounds}) b where done.duration_ms >= b))::int order by i)
       from generate_series(1, ${DURATION_BUCKETS_MS.length + 1}) i)
  from done
  on conflict (task_id, day) do update set
    total = s.total + 1, succeeded = s.succeeded + excluded.succeeded, failed = s.failed + excluded.failed,
    timed_out = s.timed_out + excluded.timed_out, cancelled = s.cancelled + excluded.cancelled, lost = s.lost + excluded.lost,
    duration_ms_sum = s.duration_ms_sum + excluded.duration_ms_sum,
    duration_ms_max = greatest(s.duration_ms_max, excluded.duration_ms_max),
    duration_buckets = (select array_agg(a + b order by i) from unnest(s.duration_buckets, excluded.duration_buckets) with ordinality as u(a, b, i)),
    updated_at = now()),
retry as (
  insert into runs (task_id, trigger, triggered_by, status, scheduled_for, not_before, attempt, root_run_id, params, test_mode, rate_limit_key, reason)
  select task_id, 'retry', triggered_by, 'queued', now() + make_interval(secs => $8::float8 / 1000), now() + make_interval(secs => $8::float8 / 1000),
    attempt + 1, coalesce(root_run_id, id), params, test_mode, rate_limit_key, 'retry of run ' || id || ' after ' || status
  from done where $8::float8 is not null)
select id from done`;

/** Returns false when the guards found nothing to end (someone else already ended it). */
export async function endRun(client: Queryable, e: EndRun): Promise<boolean> {
  const { rowCount } = await client.query(SQL, [
    e.runId,
    e.status,
    e.workerId ?? null,
    e.onlyIfExpired ?? false,
    e.result === undefined ? null : JSON.stringify(e.result),
    e.errorMessage ?? null,
    e.errorStack ?? null,
    e.retryInMs,
  ]);
  return (rowCount ?? 0) > 0;
}
