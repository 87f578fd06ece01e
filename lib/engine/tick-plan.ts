import type { Slot } from '../../db/queries/engine/slots';
import type { Schedule } from '../schedules';
import { readPolicy } from '../tasks/policy';
import { planFires } from './plan';

export type DueTask = { id: string; schedule: unknown; policy: unknown; nextRunAt: Date; queue?: string | null };
export type TickPlan = { slots: Slot[]; advance: { id: string; at: Date | null }[]; failures: { taskId: string; error: string }[] };

/**
 * What one tick writes for a set of due tasks: every slot row, each task's new next_run_at.
 * Pure, so misfire and concurrency decisions are tested without a database. A schedule that
 * cannot be evaluated stops that task (next_run_at null) and is reported, not thrown.
 */
export function planTick(tasks: DueTask[], now: Date): TickPlan {
  const plan: TickPlan = { slots: [], advance: [], failures: [] };
  for (const task of tasks) {
    const policy = readPolicy(task.policy);
    try {
      const fired = planFires({ schedule: task.schedule as Schedule, nextRunAt: task.nextRunAt, now, policy });
      for (const run of fired.runs) {
        plan.slots.push({
          taskId: task.id,
          scheduledFor: run.scheduledFor,
          trigger: run.trigger,
          status: run.status,
          reason: run.reason ?? null,
          rateLimitKey: policy.rateLimit?.key ?? null,
          queue: task.queue ?? null,
          forbid: policy.concurrency === 'forbid',
          replace: policy.concurrency === 'replace',
        });
      }
      plan.advance.push({ id: task.id, at: fired.nextRunAt });
    } catch (err) {
      plan.failures.push({ taskId: task.id, error: err instanceof Error ? err.message : String(err) });
      plan.advance.push({ id: task.id, at: null });
    }
  }
  return plan;
}
