import type pg from 'pg';
import { backoffMs } from '../../../lib/engine/backoff';
import { readPolicy } from '../../../lib/tasks/policy';
import { endRun } from './end-run';

type Candidate = { id: number; attempt: number; worker_id: string | null; policy: unknown };

/**
 * Mark runs `lost` and retry them when attempts are left: either every run whose lease
 * expired (its worker died mid-run), or every run still held by `ownWorkerId` (that worker
 * restarted with the same identity, so nothing of its earlier life is running). Each end is
 * guarded, so two workers recovering at once end each run once.
 */
export async function recoverLostRuns(pool: pg.Pool, scope: { expired: true } | { ownWorkerId: string }): Promise<number[]> {
  const own = 'ownWorkerId' in scope ? scope.ownWorkerId : null;
  const { rows } = await pool.query<Candidate>(
    `select r.id, r.attempt, r.worker_id, t.policy from runs r join tasks t on t.id = r.task_id
     where r.status = 'running' and ${own ? 'r.worker_id = $1' : 'r.lease_expires_at < now()'}
     order by r.id limit 200`,
    own ? [own] : [],
  );
  const ended: number[] = [];
  for (const run of rows) {
    const policy = readPolicy(run.policy);
    const ok = await endRun(pool, {
      runId: Number(run.id),
      status: 'lost',
      workerId: own ?? undefined,
      onlyIfExpired: !own,
      errorMessage: `lost: worker ${run.worker_id ?? '?'} stopped renewing its lease`,
      retryInMs: run.attempt < policy.maxAttempts ? backoffMs(run.attempt, policy.backoffSeconds, policy.backoffMaxSeconds) : null,
    });
    if (ok) ended.push(Number(run.id));
  }
  return ended;
}
