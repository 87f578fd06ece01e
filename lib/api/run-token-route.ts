import type pg from 'pg';
import type { z } from 'zod';
import { readHeldRun, type HeldRun } from '../../db/queries/engine/held';
import { inTransaction } from '../../db/queries/engine/tx';
import { bearerToken } from '../auth/api-keys';
import { getPool } from '../db';
import { looksLikeRunToken, readRunToken } from '../engine/run-token';
import { webLog } from '../log';
import { AppError } from './errors';
import { parse, readJson, type RouteHandler } from './route';

type NextContext = { params: Promise<Record<string, string | string[]>> };
type Ctx<B> = { client: pg.PoolClient; run: HeldRun & { workerId: string }; body: B };

/**
 * The routes a run's holder outside Sundial (a remote worker, an app that answered 202) reports
 * on with its run token (`Authorization: Bearer sdr_…`), instead of an API key or a session:
 * the token is good for one attempt of one run, while that attempt runs under its lease epoch.
 * A bad token is 401; an attempt that has ended or lost its lease is 409 with the run's status.
 * Each call runs in a transaction holding the run's row lock (lock-order.md, step 2; then the
 * remote worker's row), so the attempt cannot end between the check and the write; handlers
 * use only that connection, never a second one from the pool. Nothing here is audited: a run's own
 * history (its logs, status, result) is the record, as for in-process workers.
 */
export function runTokenRoute<B extends z.ZodType | undefined = undefined>(
  spec: { body?: B },
  handler: (ctx: Ctx<B extends z.ZodType ? z.output<B> : undefined>) => Promise<unknown>,
): RouteHandler {
  const handle = async (req: Request, context?: NextContext): Promise<Response> => {
    try {
      const runId = Number((await context?.params)?.id);
      const token = bearerToken(req.headers);
      const lease = token && looksLikeRunToken(token) ? readRunToken(token) : null;
      if (!lease || lease.runId !== runId) throw new AppError('unauthorized', `send this run's token (from its claim) as "Authorization: Bearer sdr_…"`);
      const body = spec.body ? parse(spec.body, await readJson(req)) : undefined;
      const pool = getPool();
      const answer = await inTransaction(pool, async (client) => {
        const run = await readHeldRun(client, runId, true);
        if (!run) throw new AppError('not_found', 'the run was deleted');
        if (run.status !== 'running' || run.epoch !== lease.epoch || !run.workerId) return { stale: run.status };
        return { body: await handler({ client, run: { ...run, workerId: run.workerId }, body } as never) };
      });
      if ('stale' in answer) {
        const message = answer.stale === 'running' ? 'this attempt lost its lease; another holds the run now' : `this attempt is over: the run is ${answer.stale}`;
        return Response.json({ status: answer.stale, error: { code: 'conflict', message } }, { status: 409 });
      }
      return Response.json(answer.body, { status: 200 });
    } catch (err) {
      if (err instanceof AppError) return err.toResponse();
      webLog().error({ err, method: req.method, path: new URL(req.url).pathname }, 'unexpected API error');
      return new AppError('internal', 'unexpected error; it has been logged').toResponse();
    }
  };
  return Object.assign(handle, { spec: { role: 'run_token' as const, body: spec.body } });
}
