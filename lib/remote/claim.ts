import type pg from 'pg';
import type { Db } from '../../db/client';
import { claimRuns, type ClaimedRun } from '../../db/queries/engine/claim';
import { endRuns } from '../../db/queries/engine/end-runs';
import { handBackRuns } from '../../db/queries/engine/leases';
import { touchRemoteWorker } from '../../db/queries/workers';
import { resolveSecrets } from '../secrets/resolve';
import { coerceError } from '../errors';
import { runToken } from '../engine/run-token';
import { remoteWorkerId } from './holder';
import { remoteStepOf, stepResults } from './pipeline-step';
import { PIPELINE } from '../pipeline/config';
import { NonRetryableError } from '../engine/errors';
import { retryDelayMs } from './retry';
import { waitForRuns } from './wake';

export type RemoteClaim = { run: ClaimedRun & { config: unknown; step: string | null; steps: Record<string, unknown> }; token: string };

// A long poll refreshes its worker row this often, so an idle remote worker stays live.
const TOUCH_MS = 5000;

/**
 * Claim one run of `queues` for a remote worker, waiting up to `waitMs` for one (woken by the
 * runs channel, with a short poll for runs whose backoff or rate limit ran out). Its config
 * goes out with secrets resolved: a worker key is trusted with them.
 */
export async function claimRemote(
  o: { pool: pg.Pool; db: Db; name: string; hostname: string; queues: string[]; waitMs: number; leaseSeconds: number; signal: AbortSignal },
): Promise<RemoteClaim | null> {
  const workerId = remoteWorkerId(o.name);
  const until = Date.now() + o.waitMs;
  let touched = 0;
  for (;;) {
    if (Date.now() - touched >= TOUCH_MS) {
      await touchRemoteWorker(o.db, { id: workerId, hostname: o.hostname, queues: o.queues });
      touched = Date.now();
    }
    const [run] = await claimRuns(o.pool, workerId, 1, o.leaseSeconds, o.queues);
    if (run && o.signal.aborted) {
      await handBackRuns(o.pool, workerId, [{ id: run.id, epoch: run.epoch }], 'its remote worker went away before it got the run');
      return null;
    }
    if (run) {
      const ready = await withSecrets(o.pool, run);
      if (ready) return { run: ready, token: runToken({ runId: run.id, epoch: run.epoch }) };
      continue;
    }
    const left = until - Date.now();
    if (left <= 0 || o.signal.aborted) return null;
    await waitForRuns(Math.min(left, 1000), o.signal);
  }
}

/**
 * A run whose secrets cannot be resolved (one was deleted) fails here, as it would in-process.
 * A pipeline's run waits on one remote step: the worker gets that step's config, as a remote
 * task's own, and the earlier steps' results.
 */
async function withSecrets(pool: pg.Pool, run: ClaimedRun): Promise<RemoteClaim['run'] | null> {
  try {
    if (run.handler !== PIPELINE) return { ...run, config: (await resolveSecrets(pool, run.handler, run.config)).config, step: null, steps: {} };
    const step = await remoteStepOf(pool, run.id, run.config);
    if (!step) throw new NonRetryableError(`the run waits on queue "${run.queue}" but on none of its pipeline's steps`);
    return { ...run, config: (await resolveSecrets(pool, 'remote', step.config)).config, step: step.name, steps: await stepResults(pool, run.id) };
  } catch (err) {
    const error = coerceError(err);
    const retryable = error.name !== 'NonRetryableError';
    await endRuns(pool, [{ runId: run.id, epoch: run.epoch, status: 'failed', errorMessage: error.message, retryInMs: retryable ? retryDelayMs(run.policy, run.attempt) : null }]);
    return null;
  }
}
