import type pg from 'pg';
import { endedColumns, recordOutcome, type EndedRun } from './outcome';
import { RUNS_CHANNEL, inTransaction } from './tx';

export type Finish = {
  runId: number;
  workerId: string;
  status: 'succeeded' | 'failed' | 'timed_out' | 'cancelled';
  result?: unknown;
  errorMessage?: string | null;
  errorStack?: string | null;
  /** Decided by the caller from the policy and the attempt; null for no retry. */
  retryInMs: (run: EndedRun) => number | null;
};

/**
 * End a run this worker holds. Guarded by worker and status: if the lease was lost and the
 * run recovered elsewhere meanwhile, nothing changes and false is returned.
 */
export async function finishRun(pool: pg.Pool, f: Finish): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<EndedRun>(
      `update runs set status = $3, finished_at = now(), lease_expires_at = null,
         duration_ms = least(greatest(0, extract(epoch from now() - started_at) * 1000), 2147483647)::int,
         result = $4, error_message = $5, error_stack = $6, updated_at = now()
       where id = $1 and worker_id = $2 and status = 'running'
       returning ${endedColumns}`,
      [f.runId, f.workerId, f.status, f.result === undefined ? null : JSON.stringify(f.result), f.errorMessage ?? null, f.errorStack ?? null],
    );
    const run = rows[0];
    if (!run) return false;
    await recordOutcome(client, run, f.retryInMs(run));
    return true;
  });
}

/** A handler was told to slow down: queue the same run again after `delayMs`. Not an attempt. */
export async function deferRun(pool: pg.Pool, runId: number, workerId: string, delayMs: number, reason: string): Promise<void> {
  await pool.query(
    `update runs set status = 'queued', worker_id = null, lease_expires_at = null, reason = $4,
       not_before = now() + make_interval(secs => $3::float8 / 1000), updated_at = now()
     where id = $1 and worker_id = $2 and status = 'running'`,
    [runId, workerId, delayMs, reason],
  );
}

/** Give runs back to the queue (a draining worker), for another worker to run them. */
export async function handBackRuns(pool: pg.Pool, workerId: string, runIds: number[]): Promise<number> {
  if (runIds.length === 0) return 0;
  const { rowCount } = await pool.query(
    `with back as (
       update runs set status = 'queued', worker_id = null, lease_expires_at = null, not_before = now(),
         reason = 'handed back by worker ' || $1 || ' while it stopped', updated_at = now()
       where id = any($2::bigint[]) and worker_id = $1 and status = 'running'
       returning id)
     select pg_notify('${RUNS_CHANNEL}', '') from back limit 1`,
    [workerId, runIds],
  );
  return rowCount ?? 0;
}

/** Extend this worker's leases. Returns the runs still held, with any cancel request. */
export async function renewLeases(
  pool: pg.Pool,
  workerId: string,
  runIds: number[],
  leaseSeconds: number,
): Promise<{ id: number; cancelRequested: boolean }[]> {
  if (runIds.length === 0) return [];
  const { rows } = await pool.query<{ id: number; cancel_requested_at: Date | null }>(
    `update runs set lease_expires_at = now() + make_interval(secs => $3)
     where id = any($2::bigint[]) and worker_id = $1 and status = 'running'
     returning id, cancel_requested_at`,
    [workerId, runIds, leaseSeconds],
  );
  return rows.map((r) => ({ id: Number(r.id), cancelRequested: r.cancel_requested_at !== null }));
}
