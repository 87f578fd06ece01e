import { and, eq, sql } from 'drizzle-orm';
import { runs } from '../../../db/schema';
import { CANCEL_PAYLOAD, RUNS_CHANNEL } from '../../engine/channels';
import { endRuns } from '../../../db/queries/engine/end-runs';
import { runSteps } from '../../../db/queries/engine/steps';
import { APP_HOLDER } from '../../remote/holder';
import { engineClient } from '../engine-client';
import { AppError, notFound } from '../errors';
import { route } from '../route';
import { getRun, listRuns, listRunsQuery, logsQuery, runJson, runLogLines, stepsJson } from './run-queries';
import { idParam } from './task-json';

const runId = (params: Record<string, string>): number => {
  if (!/^\d{1,15}$/.test(params.id ?? '')) throw notFound('run');
  return Number(params.id);
};

export const listRunsRoute = route({ role: 'viewer', query: listRunsQuery }, async ({ db, query }) => ({ body: await listRuns(db, query) }));

export const taskRunsRoute = route({ role: 'viewer', query: listRunsQuery }, async ({ db, query, params }) => ({
  body: await listRuns(db, query, idParam(params)),
}));

export const getRunRoute = route({ role: 'viewer' }, async ({ db, params }) => {
  const run = await getRun(db, runId(params));
  return { body: { ...runJson(run, true), steps: stepsJson(await runSteps(engineClient(db), run.id)) } };
});

export const runLogsRoute = route({ role: 'viewer', query: logsQuery }, async ({ db, params, query }) => {
  const run = await getRun(db, runId(params));
  const lines = await runLogLines(db, run.id, query);
  const finished = !['queued', 'running'].includes(run.status);
  return { body: { lines, nextAfter: lines.at(-1)?.seq ?? query.after, finished } };
});

/**
 * A queued run is cancelled at once. A running one is asked to stop: its worker aborts the
 * handler's signal when it next renews the lease (woken at once by NOTIFY).
 */
export const cancelRunRoute = route({ role: 'operator' }, async ({ db, params, principal }) => {
  const before = await getRun(db, runId(params));
  const who = principal.kind === 'user' ? principal.email : `API key ${principal.name}`;
  const [queued] = await db
    .update(runs)
    .set({ status: 'cancelled', finishedAt: sql`now()`, reason: `cancelled by ${who} before it started` })
    .where(and(eq(runs.id, before.id), eq(runs.status, 'queued')))
    .returning();
  if (queued) {
    return { body: runJson(queued, true), audit: { action: 'run.cancel', targetType: 'run', targetId: String(before.id), before: { status: 'queued' }, after: { status: 'cancelled' } } };
  }
  // An app that answered 202 holds the run with no worker to abort it, and may never call
  // again: the run ends cancelled now, and the app's next call with its token gets 409.
  if (before.status === 'running' && before.workerId === APP_HOLDER) {
    const { ended } = await endRuns(engineClient(db), [{ runId: before.id, epoch: before.leaseEpoch, status: 'cancelled', errorMessage: `cancelled by ${who} while its app worked on it`, retryInMs: null }]);
    if (ended.length > 0) {
      return { body: runJson(await getRun(db, before.id), true), audit: { action: 'run.cancel', targetType: 'run', targetId: String(before.id), before: { status: 'running' }, after: { status: 'cancelled' } } };
    }
  }
  const [running] = await db
    .update(runs)
    .set({ cancelRequestedAt: sql`coalesce(${runs.cancelRequestedAt}, now())`, reason: `cancel requested by ${who}` })
    .where(and(eq(runs.id, before.id), eq(runs.status, 'running')))
    .returning();
  if (!running) throw new AppError('conflict', `the run already ended (${before.status})`);
  await db.execute(sql`select pg_notify(${RUNS_CHANNEL}, ${CANCEL_PAYLOAD})`);
  return {
    status: 202,
    body: runJson(running, true),
    audit: { action: 'run.cancel', targetType: 'run', targetId: String(before.id), before: { status: 'running' }, after: { cancelRequested: true } },
  };
});
