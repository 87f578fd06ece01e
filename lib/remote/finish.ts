import { z } from 'zod';
import type { HeldRun } from '../../db/queries/engine/held';
import { endRuns } from '../../db/queries/engine/end-runs';
import { deferRun } from '../../db/queries/engine/leases';
import type { Queryable } from '../../db/queries/engine/tx';
import type { Masker } from '../secrets/mask';
import { capResult } from '../engine/result';
import { isOverdue } from './deadline';
import { retryDelayMs } from './retry';
import { readPolicy } from '../tasks/policy';

export const finishBody = z.discriminatedUnion('status', [
  z.object({ status: z.literal('succeeded'), result: z.unknown().optional().describe('Kept as JSON on the run (64 KiB; a preview past that)') }).strict(),
  z
    .object({
      status: z.literal('failed'),
      error: z.string().min(1).max(10_000),
      retryable: z.boolean().default(true).describe("false: no retry; true: retried per the task's policy"),
      retryAfterSeconds: z.number().min(0).max(86_400).optional().describe('Told to slow down (a 429): queue the run again after this long, without counting an attempt'),
    })
    .strict(),
  z.object({ status: z.literal('cancelled').describe('Only after a heartbeat answered cancelRequested') }).strict(),
]);
export type Finish = z.output<typeof finishBody>;

/** Record a holder's outcome under its lease epoch: an attempt that lost its lease ends nothing. */
export async function finishRun(client: Queryable, run: HeldRun & { workerId: string }, finish: Finish, mask: Masker): Promise<{ status: string; retried: boolean }> {
  const lease = { runId: run.id, epoch: run.epoch };
  // As in-process, where the aborted signal wins over what the handler returns: an outcome
  // reported past the timeout (before the reaper saw the lease run out) is that timeout.
  if (finish.status !== 'cancelled' && isOverdue(run)) {
    const late = finish.status === 'failed' ? `; then it failed: ${mask.text(finish.error)}` : '; then it succeeded';
    const retryInMs = retryDelayMs(run.policy, run.attempt);
    const result = finish.status === 'succeeded' ? capResult(mask.deep(finish.result)) : undefined;
    await endRuns(client, [{ ...lease, status: 'timed_out', result, errorMessage: `timed out after ${readPolicy(run.policy).timeoutSeconds}s${late}`, retryInMs }]);
    return { status: 'timed_out', retried: retryInMs !== null };
  }
  if (finish.status === 'succeeded') {
    await endRuns(client, [{ ...lease, status: 'succeeded', result: capResult(mask.deep(finish.result)), retryInMs: null }]);
    return { status: 'succeeded', retried: false };
  }
  if (finish.status === 'cancelled') {
    await endRuns(client, [{ ...lease, status: 'cancelled', errorMessage: `cancelled; ${run.workerId} stopped`, retryInMs: null }]);
    return { status: 'cancelled', retried: false };
  }
  const message = mask.text(finish.error);
  if (finish.retryAfterSeconds !== undefined) {
    await deferRun(client, run.workerId, { id: run.id, epoch: run.epoch }, finish.retryAfterSeconds * 1000, `deferred ${finish.retryAfterSeconds}s: ${message}`);
    return { status: 'queued', retried: false };
  }
  const retryInMs = finish.retryable ? retryDelayMs(run.policy, run.attempt) : null;
  await endRuns(client, [{ ...lease, status: 'failed', errorMessage: message, retryInMs }]);
  return { status: 'failed', retried: retryInMs !== null };
}
