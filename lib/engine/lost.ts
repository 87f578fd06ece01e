import type { EndStatus, RunEnd } from '../../db/queries/engine/end-runs';
import type { LostCandidate } from '../../db/queries/engine/recover';
import { isOverdue } from '../remote/deadline';
import { isOutsideHolder } from '../remote/holder';
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

/**
 * The end to record for a run whose worker stopped renewing its lease: lost, retried if attempts
 * are left. A holder outside Sundial (a remote worker, an app) learns of a cancel or its timeout
 * only at a heartbeat, and its lease never outlasts the timeout, so its lease running out after
 * a cancel request is that cancel, and past the timeout is that timeout (retried per policy).
 */
export function lostEnd(run: LostCandidate, onlyIfExpired: boolean, why: string): RunEnd & { status: EndStatus } {
  const policy = readPolicy(run.policy);
  const retryInMs = run.attempt < policy.maxAttempts ? backoffMs(run.attempt, policy.backoffSeconds, policy.backoffMaxSeconds) : null;
  const base = { runId: run.id, epoch: run.epoch, onlyIfExpired };
  if (isOutsideHolder(run.workerId)) {
    if (run.cancelRequested) return { ...base, status: 'cancelled', errorMessage: `cancelled; ${run.workerId} stopped reporting before it finished`, retryInMs: null };
    if (isOverdue(run)) return { ...base, status: 'timed_out', errorMessage: `timed out after ${policy.timeoutSeconds}s`, retryInMs };
  }
  return { ...base, status: 'lost', errorMessage: `lost: worker ${run.workerId ?? '?'} ${why}`, retryInMs };
}
