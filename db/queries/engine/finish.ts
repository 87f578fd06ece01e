import type pg from 'pg';
import { endRun, type EndRun } from './end-run';
import { RUNS_CHANNEL } from '../../../lib/engine/channels';

export type Finish = Omit<EndRun, 'status' | 'workerId' | 'onlyIfExpired'> & {
  workerId: string;
  status: 'succeeded' | 'failed' | 'timed_out' | 'cancelled';
};

/**
 * End a run this worker holds. Guarded by worker and status: if the lease was lost and the
 * run recovered elsewhere meanwhile, nothing changes and false is returned.
 */
export function finishRun(pool: pg.Pool, f: Finish): Promise<boolean> {
  return endRun(pool, f);
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
