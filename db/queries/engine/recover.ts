import type { Queryable } from './tx';

/** A running run that may have to be recorded `lost`: the reaper decides on its retry. */
export type LostCandidate = {
  id: number;
  epoch: number;
  attempt: number;
  workerId: string | null;
  policy: unknown;
  startedAt: Date | null;
  cancelRequested: boolean;
  /** The database clock when read, to weigh startedAt against the timeout. */
  now: Date;
};

type Row = { id: string; lease_epoch: number; attempt: number; worker_id: string | null; policy: unknown; started_at: Date | null; cancel_requested_at: Date | null; now: Date };

/**
 * Runs whose lease expired (their worker died or stopped renewing), or every run still held
 * by `ownWorkerId` (that worker restarted with the same identity, so nothing of its earlier
 * life runs any more). Reading takes no lock: endRuns re-checks epoch and expiry under lock.
 */
export async function lostCandidates(client: Queryable, scope: { expired: true } | { ownWorkerId: string }, limit = 500): Promise<LostCandidate[]> {
  const own = 'ownWorkerId' in scope ? scope.ownWorkerId : null;
  const { rows } = await client.query<Row>(
    `select r.id, r.lease_epoch, r.attempt, r.worker_id, t.policy, r.started_at, r.cancel_requested_at, now() as now from runs r join tasks t on t.id = r.task_id
     where r.status = 'running' and ${own ? 'r.worker_id = $2' : 'r.lease_expires_at < now()'}
     order by r.id limit $1`,
    own ? [limit, own] : [limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    epoch: r.lease_epoch,
    attempt: r.attempt,
    workerId: r.worker_id,
    policy: r.policy,
    startedAt: r.started_at,
    cancelRequested: r.cancel_requested_at !== null,
    now: r.now,
  }));
}
