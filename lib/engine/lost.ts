import type { EndStatus, RunEnd } from '../../db/queries/engine/end-runs';
import type { LostCandidate } from '../../db/queries/engine/recover';
import { readPolicy } from '../tasks/policy';
import { backoffMs } from './backoff';

/**
 * Whether this worker may record others' runs as lost now. Right after its own database
 * errors (an outage or a blip), every lease may look expired only because their owners could
 * not renew either: give them one lease length of working database to renew first.
 */
export function mayReap(now: number, lastDbFailureAt: number | null, leaseMs: number): boolean {
  return lastDbFailureAt === null || now - lastDbFailureAt >= leaseMs;
}

/** The end to record for a run whose worker stopped renewing its lease: lost, retried if attempts are left. */
export function lostEnd(run: LostCandidate, onlyIfExpired: boolean, why: string): RunEnd & { status: EndStatus } {
  const policy = readPolicy(run.policy);
  return {
    runId: run.id,
    epoch: run.epoch,
    status: 'lost',
    errorMessage: `lost: worker ${run.workerId ?? '?'} ${why}`,
    retryInMs: run.attempt < policy.maxAttempts ? backoffMs(run.attempt, policy.backoffSeconds, policy.backoffMaxSeconds) : null,
    onlyIfExpired,
  };
}
