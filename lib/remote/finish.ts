import { z } from 'zod';
import type { HeldRun } from '../../db/queries/engine/held';
import { endRuns } from '../../db/queries/engine/end-runs';
import { deferRun, moveRun } from '../../db/queries/engine/leases';
import { failStepsOfEndedRuns, writeStep } from '../../db/queries/engine/steps';
import { PIPELINE } from '../pipeline/config';
import { remoteStepOf, type RemoteStep } from './pipeline-step';
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

type Outcome = { status: string; retried: boolean };

/** Record a holder's outcome under its lease epoch: an attempt that lost its lease ends nothing. */
export async function finishRun(client: Queryable, run: HeldRun & { workerId: string }, finish: Finish, mask: Masker): Promise<Outcome> {
  if (run.handler === PIPELINE) {
    const step = await remoteStepOf(client, run.id, run.config);
    if (step) return finishStep(client, run, step, finish, mask);
  }
  return finishHeld(client, run, finish, mask);
}

/**
 * A pipeline's remote step ended. Done: the step keeps its result and the run goes back to
 * the in-process queue, where the pipeline goes on from the next step. Failed: the later
 * steps are skipped and the run fails (its retry resumes at this step). A timeout, a cancel or
 * a deferral ends (or defers) the run as for a remote task.
 */
async function finishStep(client: Queryable, run: HeldRun & { workerId: string }, step: RemoteStep, finish: Finish, mask: Masker): Promise<Outcome> {
  const fence = { id: run.id, epoch: run.epoch };
  const durationMs = step.startedAt ? Math.max(0, run.now.getTime() - step.startedAt.getTime()) : undefined;
  if (finish.status === 'succeeded' && !isOverdue(run)) {
    await writeStep(client, fence, { idx: step.idx, name: step.name, status: 'succeeded', result: capResult(mask.deep(finish.result)), durationMs });
    await moveRun(client, run.workerId, fence, null, `step "${step.name}" done by ${run.workerId}; the pipeline goes on`);
    return { status: 'queued', retried: false };
  }
  if (finish.status === 'failed' && finish.retryAfterSeconds === undefined && !isOverdue(run)) {
    const error = mask.text(finish.error);
    await writeStep(client, fence, { idx: step.idx, name: step.name, status: 'failed', error, durationMs });
    for (const [i, name] of step.later.entries()) await writeStep(client, fence, { idx: step.idx + 1 + i, name, status: 'skipped', reason: `step "${step.name}" failed` });
    const retryInMs = finish.retryable ? retryDelayMs(run.policy, run.attempt) : null;
    await endRuns(client, [{ runId: run.id, epoch: run.epoch, status: 'failed', errorMessage: `step "${step.name}" failed: ${error}`, retryInMs }]);
    return { status: 'failed', retried: retryInMs !== null };
  }
  const outcome = await finishHeld(client, run, finish, mask);
  await failStepsOfEndedRuns(client, [run.id], `the run ended ${outcome.status} during this step`);
  return outcome;
}

async function finishHeld(client: Queryable, run: HeldRun & { workerId: string }, finish: Finish, mask: Masker): Promise<Outcome> {
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
