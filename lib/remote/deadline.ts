import { readPolicy } from '../tasks/policy';

/** When a run held outside Sundial times out: its start plus the task's timeout (a run not yet started counts from now). */
export function deadlineOf(run: { startedAt: Date | null; policy: unknown; now: Date }): Date {
  return new Date((run.startedAt ?? run.now).getTime() + readPolicy(run.policy).timeoutSeconds * 1000);
}

export const isOverdue = (run: { startedAt: Date | null; policy: unknown; now: Date }): boolean => run.now.getTime() >= deadlineOf(run).getTime();
