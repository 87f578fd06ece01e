import type { Queryable } from './tx';
import { storableJson } from './end-runs';

/** A run as an outside holder (remote worker, an app that answered 202) sees it through its run token. */
export type HeldRun = {
  id: number;
  status: string;
  epoch: number;
  attempt: number;
  workerId: string | null;
  startedAt: Date | null;
  cancelRequested: boolean;
  /** Seconds until the lease expires, on the database clock. */
  leaseLeft: number;
  /** The database clock, to weigh startedAt against the timeout. */
  now: Date;
  taskId: string;
  handler: string;
  config: unknown;
  policy: unknown;
};

type Row = { id: string; status: string; lease_epoch: number; attempt: number; worker_id: string | null; started_at: Date | null; cancel_requested_at: Date | null; lease_left: number | null; now: Date; task_id: string; handler: string; config: unknown; policy: unknown };

/**
 * The run and its task. `lock` takes the run's row lock (lock-order.md, step 2; nothing else is
 * locked before it), which serializes one holder's concurrent reports on the run (log sequence numbers).
 */
export async function readHeldRun(client: Queryable, runId: number, lock = false): Promise<HeldRun | null> {
  const { rows } = await client.query<Row>(
    `select r.id, r.status, r.lease_epoch, r.attempt, r.worker_id, r.started_at, r.cancel_requested_at, greatest(0, extract(epoch from r.lease_expires_at - now()))::float8 as lease_left, now() as now, r.task_id, t.handler, t.config, t.policy
     from runs r join tasks t on t.id = r.task_id where r.id = $1 ${lock ? 'for update of r' : ''}`,
    [runId],
  );
  const r = rows[0];
  if (!r) return null;
  return { id: Number(r.id), status: r.status, epoch: r.lease_epoch, attempt: r.attempt, workerId: r.worker_id, startedAt: r.started_at, cancelRequested: r.cancel_requested_at !== null, leaseLeft: r.lease_left ?? 0, now: r.now, taskId: r.task_id, handler: r.handler, config: r.config, policy: r.policy };
}

/**
 * Extend a held lease, never past `deadline` (the run's timeout): a holder that keeps beating
 * past it lets the lease run out and the reaper records the run timed_out. Returns the new
 * expiry in seconds from now, or null when the attempt is no longer held.
 */
export async function extendLease(client: Queryable, run: { id: number; epoch: number; workerId: string }, leaseSeconds: number, deadline: Date): Promise<number | null> {
  const { rows } = await client.query<{ left: number }>(
    `update runs set lease_expires_at = least(now() + make_interval(secs => $4), $5::timestamptz)
     where id = $1 and status = 'running' and lease_epoch = $2 and worker_id = $3
     returning greatest(0, extract(epoch from lease_expires_at - now()))::float8 as left`,
    [run.id, run.epoch, run.workerId, leaseSeconds, deadline],
  );
  return rows[0] ? rows[0].left : null;
}

export async function setProgress(client: Queryable, run: { id: number; epoch: number }, progress: unknown): Promise<boolean> {
  const { rowCount } = await client.query(`update runs set progress = $3 where id = $1 and status = 'running' and lease_epoch = $2`, [run.id, run.epoch, storableJson(progress)]);
  return (rowCount ?? 0) > 0;
}

/** A remote worker busy with a run stays live on the Workers page while it heartbeats. */
export async function touchWorker(client: Queryable, workerId: string): Promise<void> {
  await client.query(`update workers set last_heartbeat_at = now() where id = $1 and status <> 'stopped'`, [workerId]);
}
