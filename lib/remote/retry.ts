import { backoffMs } from '../engine/backoff';
import { readPolicy } from '../tasks/policy';

/** The delay before the next attempt per the task's policy, or null when attempts are used up. */
export function retryDelayMs(storedPolicy: unknown, attempt: number): number | null {
  const policy = readPolicy(storedPolicy);
  return attempt < policy.maxAttempts ? backoffMs(attempt, policy.backoffSeconds, policy.backoffMaxSeconds) : null;
}
