import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskStatsRoute } from '../../../lib/api/v1/catalog';
import { finishRoute } from '../../../lib/api/v1/run-reports';
import { getRunRoute, taskRunsRoute } from '../../../lib/api/v1/runs';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { appServer } from '../../helpers/app-server';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// An http task's app reports items in the documented shape, in its answer or in its finish
// call: a run whose items partly failed ends succeeded and partial, in the API and the stats.

const database = withTestDatabase();
withApiEnvironment(database);
const manual = { kind: 'manual' as const };
const someFailed = { total: 5, succeeded: 3, failed: 2, skipped: 0, failures: [{ item: 'acct-2', error: 'locked' }, { item: 'acct-4', error: 'expired' }] };
let viewer: Caller;
let app: Awaited<ReturnType<typeof appServer>>;

beforeAll(async () => {
  process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
  viewer = (await makeCallers(database)).find((c) => c.label === 'viewer API key')!;
  app = await appServer((c) => {
    if (c.path === '/later') return { status: 202, body: { accepted: true } };
    if (c.path === '/all-good') return { status: 200, body: { ...someFailed, succeeded: 5, failed: 0, failures: [] } };
    return { status: 200, body: someFailed };
  });
});
afterAll(() => app.close());

async function runUntil(taskId: string, status: string): Promise<number> {
  const worker = testWorker(database, { id: `w-${taskId.slice(0, 8)}`, handlerModules: [BUILT_IN_HANDLERS] });
  await worker.start();
  try {
    const queued = await triggerRun(database.db, taskId, { trigger: 'manual' });
    if (!queued.ok) throw new Error('could not queue');
    await waitUntil(async () => (await runsOf(database, taskId)).at(-1)?.status === status, 10_000, `the run to be ${status}`);
    await waitUntil(async () => status !== 'running' || (await runsOf(database, taskId)).at(-1)?.worker_id === 'app', 5_000, 'the hand-over');
    return queued.value.runId;
  } finally {
    await worker.stop();
  }
}

const http = (path: string, extra: Record<string, unknown> = {}) => ({ method: 'POST', url: `${app.url}${path}`, ...extra });

describe('items reported by an http task', () => {
  it('a JSON answer with failed items makes the run partial; the run, the history and the stats say so', async () => {
    const task = await makeTask(database, { name: 'import accounts', handler: 'http', config: http('/items'), schedule: manual });
    const runId = await runUntil(task.id, 'succeeded');
    const run = await call(getRunRoute, 'GET', `/api/v1/runs/${runId}`, { headers: viewer.headers, params: { id: String(runId) } });
    expect(run.body).toMatchObject({ status: 'succeeded', partial: true, result: { status: 200, body: someFailed } });

    const good = await makeTask(database, { name: 'import all good', handler: 'http', config: http('/all-good'), schedule: manual });
    await runUntil(good.id, 'succeeded');
    const history = await call(taskRunsRoute, 'GET', '/x', { headers: viewer.headers, params: { id: good.id } });
    expect(history.body.items.map((r: { status: string; partial: boolean }) => [r.status, r.partial])).toEqual([['succeeded', false]]);

    await runUntil(task.id, 'succeeded');
    const stats = await call(taskStatsRoute, 'GET', '/x?days=7', { headers: viewer.headers, params: { id: task.id } });
    expect(stats.body.counts).toMatchObject({ succeeded: 2, failed: 0, partial: 2 });
    expect(stats.body.perDay).toEqual([expect.objectContaining({ total: 2, succeeded: 2, partial: 2, failed: 0 })]);
  });

  it("after a 202, the app's finish call with failed items makes the run partial", async () => {
    const task = await makeTask(database, { name: 'import later', handler: 'http', config: http('/later', { asyncCompletion: true }), schedule: manual, policy: { timeoutSeconds: 600 } });
    const runId = await runUntil(task.id, 'running');
    const token = JSON.parse(app.calls.at(-1)!.body).callback.token as string;
    const finish = await call(finishRoute, 'POST', `/api/v1/runs/${runId}/finish`, { headers: { authorization: `Bearer ${token}` }, params: { id: String(runId) }, body: { status: 'succeeded', result: someFailed } });
    expect(finish.body).toMatchObject({ status: 'succeeded' });
    const { rows } = await database.pool.query('select status, partial from runs where id = $1', [runId]);
    expect(rows[0]).toEqual({ status: 'succeeded', partial: true });
  });
});
