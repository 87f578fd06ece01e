import { z } from 'zod';
import { getPool } from '../../db';
import { env } from '../../env';
import { claimRemote } from '../../remote/claim';
import { queueList } from '../../remote/queue-name';
import { AppError } from '../errors';
import { route } from '../route';

const claimBody = z
  .object({
    worker: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}$/, 'letters, digits and _ . : @ -, at most 100, such as host-pid')
      .describe('This remote process, such as host-pid: the run records remote:<worker> as its worker'),
    queues: queueList().optional().describe("The queues to claim from, of those the key is granted; all of the key's by default"),
    waitSeconds: z.int().min(0).max(30).default(30).describe('Wait this long for a run (a long poll) before answering 204'),
  })
  .strict();

/**
 * A remote worker takes one run of its queues: the run, its config with secrets resolved, and
 * the run token it reports with. The long poll holds no database connection while it waits,
 * and stops waiting when the client goes away.
 */
export const remoteClaimRoute = route({ role: 'worker', body: claimBody, transaction: false }, async ({ req, db, principal, ip, body }) => {
  const granted = principal.kind === 'api_key' ? (principal.queues ?? []) : [];
  const queues = body.queues ? [...new Set(body.queues)] : granted;
  const refused = queues.filter((q) => !granted.includes(q));
  if (refused.length > 0) throw new AppError('forbidden', `this key is not granted queue ${refused.join(', ')}; it is granted ${granted.join(', ')}`);
  const leaseSeconds = env().SUNDIAL_LEASE_SECONDS;
  const claim = await claimRemote({ pool: getPool(), db, name: body.worker, hostname: ip, queues, waitMs: body.waitSeconds * 1000, leaseSeconds, signal: req.signal });
  if (!claim) return { status: 204 };
  const { run } = claim;
  return {
    body: {
      run: {
        id: run.id,
        taskId: run.taskId,
        taskName: run.taskName,
        attempt: run.attempt,
        trigger: run.trigger,
        scheduledFor: run.scheduledFor.toISOString(),
        testMode: run.testMode,
        params: run.params ?? {},
        config: run.config,
        queue: run.queue,
        step: run.step,
        steps: run.steps,
      },
      token: claim.token,
      leaseSeconds,
      heartbeatSeconds: Math.max(1, Math.floor(leaseSeconds / 3)),
    },
  };
});
