import type pg from 'pg';
import { readPolicy } from '../../../lib/tasks/policy';
import { backoffMs } from '../../../lib/engine/backoff';
import { endedColumns, recordOutcome, type EndedRun } from './outcome';
import { inTransaction } from './tx';

/**
 * Mark runs `lost` and retry them when attempts are left: either every run whose lease
 * expired (another worker died mid-run), or every run still held by `ownWorkerId` (this
 * worker restarted with the same identity, so nothing of its earlier life is running).
 */
export async function recoverLostRuns(pool: pg.Pool, scope: { expired: true } | { ownWorkerId: string }): Promise<EndedRun[]> {
  const where =
    'expired' in scope ? `status = 'running' and lease_expires_at < now()` : `status = 'running' and worker_id = $1`;
  const params = 'expired' in scope ? [] : [scope.ownWorkerId];
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<EndedRun & { policy: unknown; worker_id: string }>(
      `with lost as (
         update runs set status = 'lost', finished_at = now(), lease_expires_at = null,
           duration_ms = least(greatest(0, extract(epoch from now() - started_at) * 1000), 2147483647)::int,
           error_message = 'lost: worker ' || coalesce(worker_id, '?') || ' stopped renewing its lease', updated_at = now()
         where id in (select id from runs where ${where} order by id limit 200 for update skip locked)
         returning ${endedColumns})
       select lost.*, t.policy from lost join tasks t on t.id = lost.task_id`,
      params,
    );
    for (const run of rows) {
      const policy = readPolicy(run.policy);
      const retry = run.attempt < policy.maxAttempts ? backoffMs(run.attempt, policy.backoffSeconds, policy.backoffMaxSeconds) : null;
      await recordOutcome(client, run, retry);
    }
    return rows;
  });
}
