import type pg from 'pg';
import { createTasks } from './tasks';

export type Seeded = { hotTaskId: string; hotRuns: number; rollupRows: number };

const CHUNK = 200_000;
const HOT_RUNS = 20_000;

/**
 * History at scale: `tasks` tasks and `runs` runs over the last 30 days, in id order as a
 * live system writes them. One "hot" task gets about 20,000 of them (one every two
 * minutes), enough to fill a CSV download (10,000 rows); the rest spread over the other
 * tasks. 1 in 12 runs fails, 1 in 40 is skipped, 1 in 5,000 is a catch-up, 1 in 97 manual.
 * Daily rollups are rebuilt from the runs. Nothing is analyzed: with autovacuum off (as on
 * CI) the planner has no statistics, and the reads must hold up without them.
 */
export async function seedHistory(pool: pg.Pool, tasks: number, runs: number): Promise<Seeded> {
  const hotTaskId = await createTasks(pool, { name: 'history', handler: 'noop', schedule: { kind: 'cron', expression: '*/5 * * * *', timezone: 'UTC' } }, tasks);
  const hotEvery = Math.max(1, Math.floor(runs / HOT_RUNS));
  for (let from = 1; from <= runs; from += CHUNK) {
    await pool.query(
      `with ids as (select array_agg(id order by id) filter (where id <> $4) as others from tasks)
       insert into runs (task_id, trigger, status, reason, error_message, scheduled_for, not_before, started_at, finished_at,
                         duration_ms, lag_ms, attempt, worker_id, created_at, updated_at)
       select task, trig, status,
         case when status = 'skipped' then 'skipped: the previous run is still queued or running (concurrency forbid)' end,
         case when status = 'failed' then 'request failed: HTTP 502 Bad Gateway from https://example.test/hook' end,
         at, at, at + interval '40 ms', at + make_interval(secs => (g % 900) / 100.0),
         (g % 900) * 10, 40, 1, 'seed-' || (g % 3), at, at + make_interval(secs => (g % 900) / 100.0)
       from (
         select g,
           now() - interval '30 days' + make_interval(secs => g * (30 * 86400.0 / $3)) as at,
           case when g % $5 = 0 then $4::uuid else ids.others[1 + (g::bigint * 7919) % array_length(ids.others, 1)] end as task,
           case when g % 5000 = 0 then 'catch_up' when g % 97 = 0 then 'manual' else 'schedule' end as trig,
           case when g % 40 = 0 then 'skipped' when g % 12 = 0 then 'failed' else 'succeeded' end as status
         from generate_series($1::int, $2::int) g, ids) s`,
      [from, Math.min(runs, from + CHUNK - 1), runs, hotTaskId, hotEvery],
    );
  }
  const rollup = await pool.query(`
    insert into task_stats_daily (task_id, day, total, succeeded, failed, skipped, duration_ms_sum, duration_ms_max)
    select task_id, (scheduled_for at time zone 'UTC')::date, count(*), count(*) filter (where status = 'succeeded'),
      count(*) filter (where status = 'failed'), count(*) filter (where status = 'skipped'),
      coalesce(sum(duration_ms), 0), coalesce(max(duration_ms), 0)
    from runs group by 1, 2`);
  const hot = await pool.query<{ n: number }>('select count(*)::int as n from runs where task_id = $1', [hotTaskId]);
  return { hotTaskId, hotRuns: hot.rows[0]!.n, rollupRows: rollup.rowCount ?? 0 };
}
