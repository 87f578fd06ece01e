import { z } from 'zod';
import { extendLease, setProgress, touchWorker } from '../../../db/queries/engine/held';
import { appendLogLines } from '../../../db/queries/engine/logs';
import { env } from '../../env';
import { deadlineOf } from '../../remote/deadline';
import { finishBody, finishRun } from '../../remote/finish';
import { isRemoteWorker } from '../../remote/holder';
import { runMask } from '../../remote/mask';
import { AppError } from '../errors';
import { runTokenRoute } from '../run-token-route';

const logsBody = z
  .object({
    lines: z
      .array(
        z
          .object({
            message: z.string().max(8192),
            level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

const progressBody = z.object({ progress: z.record(z.string(), z.unknown()).describe('Shown on the run, e.g. {"done": 40, "total": 100}') }).strict();

/**
 * The holder is alive. A remote worker's lease is extended, never past the task's timeout; an
 * app's (runs the http handler waits on) is left as its handler set it. Either learns of a cancel here.
 */
export const heartbeatRoute = runTokenRoute({}, async ({ client, run }) => {
  if (!isRemoteWorker(run.workerId)) return { cancelRequested: run.cancelRequested, leaseSeconds: run.leaseLeft };
  const left = await extendLease(client, run, env().SUNDIAL_LEASE_SECONDS, deadlineOf(run));
  await touchWorker(client, run.workerId);
  return { cancelRequested: run.cancelRequested, leaseSeconds: left ?? 0 };
});

export const runLogsAppendRoute = runTokenRoute({ body: logsBody }, async ({ client, run, body }) => {
  const mask = await runMask(client, run);
  // The run's row lock (runTokenRoute) orders one holder's reports; the worker may still be writing its own last lines.
  const at = new Date();
  await appendLogLines(client, run.id, body.lines.map((l) => ({ level: l.level, message: mask.text(l.message), at })), { inTransaction: true });
  return { ok: true };
});

export const runProgressRoute = runTokenRoute({ body: progressBody }, async ({ client, run, body }) => {
  const mask = await runMask(client, run);
  await setProgress(client, run, mask.deep(body.progress));
  return { ok: true };
});

export const finishRoute = runTokenRoute({ body: finishBody }, async ({ client, run, body }) => {
  if (body.status === 'cancelled' && !run.cancelRequested) {
    throw new AppError('validation_failed', 'nobody asked to cancel this run', [{ field: 'status', message: 'cancelled is for a run whose heartbeat answered cancelRequested; finish with failed otherwise' }]);
  }
  return finishRun(client, run, body, await runMask(client, run));
});
