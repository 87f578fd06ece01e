import type pg from 'pg';
import { inTransaction, type Queryable } from './tx';

export type RateLimit = { max: number; perSeconds: number };

/** Either a start was taken, or none is free for `waitMs` (until the oldest start in the window leaves it). */
export type StartTaken = { taken: true } | { taken: false; waitMs: number };

/**
 * The limit of a rate-limit key: the run's own task's when it names the key, else the
 * strictest of the tasks that name it; null when no task does.
 */
export async function rateLimitOfKey(client: Queryable, key: string, taskId: string): Promise<RateLimit | null> {
  const { rows } = await client.query<{ max: number; per: number }>(
    `select (t.policy->'rateLimit'->>'max')::int as max, greatest((t.policy->'rateLimit'->>'perSeconds')::int, 1) as per
     from tasks t where t.policy->'rateLimit'->>'key' = $1
     order by (t.id = $2::uuid) desc, (t.policy->'rateLimit'->>'max')::float8 / greatest((t.policy->'rateLimit'->>'perSeconds')::int, 1)
     limit 1`,
    [key, taskId],
  );
  return rows[0] ? { max: rows[0].max, perSeconds: rows[0].per } : null;
}

// After the key's lock, so a snapshot that sees every start committed before it: runs started
// by the claim and earlier batch items share the window, as in sundial_claim_runs.
const TAKE = `
with t as (select clock_timestamp() as at),
w as (
  select
    (select count(*) from runs r, t where r.rate_limit_key = $1 and r.started_at > t.at - make_interval(secs => $3))
      + (select count(*) from rate_limit_events e, t where e.key = $1 and e.at > t.at - make_interval(secs => $3)) as n,
    least((select min(r.started_at) from runs r, t where r.rate_limit_key = $1 and r.started_at > t.at - make_interval(secs => $3)),
          (select min(e.at) from rate_limit_events e, t where e.key = $1 and e.at > t.at - make_interval(secs => $3))) as oldest),
taken as (
  insert into rate_limit_events (key, at, run_id) select $1, t.at, $4 from t, w where w.n < $2 returning id)
select (select count(*) from taken)::int as taken,
  greatest(0, extract(epoch from w.oldest + make_interval(secs => $3) - t.at) * 1000)::float8 as wait_ms
from t, w`;

/**
 * Take one start on a rate-limit key for a batch item of `runId`, if the window has room,
 * under the same advisory lock the claim tries. Waits for that lock, in a transaction that
 * holds nothing else (lock-order.md).
 */
export async function takeRateLimitStart(pool: pg.Pool, key: string, limit: RateLimit, runId: number): Promise<StartTaken> {
  return inTransaction(pool, async (client) => {
    await client.query(`select pg_advisory_xact_lock(hashtextextended('sundial:rate-limit:' || $1::text, 0))`, [key]);
    const { rows } = await client.query<{ taken: number; wait_ms: number | null }>(TAKE, [key, limit.max, limit.perSeconds, runId]);
    const row = rows[0]!;
    return row.taken > 0 ? { taken: true } : { taken: false, waitMs: row.wait_ms ?? limit.perSeconds * 1000 };
  });
}
