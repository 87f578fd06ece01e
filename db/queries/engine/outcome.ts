import { BUCKET_COUNT, durationBucket, isFailure } from '../../../lib/engine/stats';
import type { Queryable } from './tx';

/** The columns of a run that has just reached a terminal status. */
export type EndedRun = {
  id: number;
  task_id: string;
  status: string;
  attempt: number;
  root_run_id: number | null;
  triggered_by: string | null;
  params: unknown;
  test_mode: boolean;
  rate_limit_key: string | null;
  started_at: Date | null;
  scheduled_for: Date;
  duration_ms: number | null;
};

export const endedColumns =
  'id, task_id, status, attempt, root_run_id, triggered_by, params, test_mode, rate_limit_key, started_at, scheduled_for, duration_ms';

/**
 * Everything that follows a run ending, in the caller's transaction: the task's totals and
 * streak, the day's stats row, and (when `retryInMs` is given) the next attempt as a new
 * run row linked to the first.
 */
export async function recordOutcome(client: Queryable, run: EndedRun, retryInMs: number | null): Promise<void> {
  const failed = isFailure(run.status);
  await client.query(
    `update tasks set
       total_runs = total_runs + 1,
       succeeded_count = succeeded_count + ($2 = 'succeeded')::int,
       failed_count = failed_count + (case when $3::boolean then 1 else 0 end),
       consecutive_failures = case when $2 = 'succeeded' then 0 when $3::boolean then consecutive_failures + 1 else consecutive_failures end,
       last_status = $2,
       last_run_at = coalesce($4, now()),
       updated_at = now()
     where id = $1`,
    [run.task_id, run.status, failed, run.started_at],
  );
  const column = { succeeded: 'succeeded', failed: 'failed', timed_out: 'timed_out', cancelled: 'cancelled', lost: 'lost' }[run.status];
  if (column) {
    const duration = run.duration_ms ?? 0;
    await client.query(
      `insert into task_stats_daily (task_id, day, total, ${column}, duration_ms_sum, duration_ms_max, duration_buckets)
       values ($1, (coalesce($2, now()) at time zone 'UTC')::date, 1, 1, $3::bigint, $3::int, array_fill(0, array[${BUCKET_COUNT}]))
       on conflict (task_id, day) do update set
         total = task_stats_daily.total + 1,
         ${column} = task_stats_daily.${column} + 1,
         duration_ms_sum = task_stats_daily.duration_ms_sum + excluded.duration_ms_sum,
         duration_ms_max = greatest(task_stats_daily.duration_ms_max, excluded.duration_ms_max),
         updated_at = now()`,
      [run.task_id, run.started_at, Math.round(duration)],
    );
    await client.query(
      `update task_stats_daily set duration_buckets[$3] = duration_buckets[$3] + 1
       where task_id = $1 and day = (coalesce($2, now()) at time zone 'UTC')::date`,
      [run.task_id, run.started_at, durationBucket(duration)],
    );
  }
  if (retryInMs !== null) {
    await client.query(
      `insert into runs (task_id, trigger, triggered_by, status, scheduled_for, not_before, attempt, root_run_id, params, test_mode, rate_limit_key, reason)
       values ($1, 'retry', $2, 'queued', now() + make_interval(secs => $3::float8 / 1000), now() + make_interval(secs => $3::float8 / 1000),
               $4, $5, $6, $7, $8, $9)`,
      [run.task_id, run.triggered_by, retryInMs, run.attempt + 1, run.root_run_id ?? run.id, run.params, run.test_mode, run.rate_limit_key, `retry of run ${run.id} after ${run.status}`],
    );
  }
}
