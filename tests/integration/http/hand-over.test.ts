import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelRunRoute } from '../../../lib/api/v1/runs';
import { finishRoute, heartbeatRoute, runLogsAppendRoute, runProgressRoute } from '../../../lib/api/v1/run-reports';
import { readRunToken, runToken } from '../../../lib/engine/run-token';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { call, makeCallers, SECRET_KEY, withApiEnvironment, type Caller } from '../../helpers/api';
import { appServer } from '../../helpers/app-server';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// Issue 12 point 1 and the worker's half of point 2: what an app receives from a real worker,
// and a 202 that leaves the run running for the app to finish.

const database = withTestDatabase();
withApiEnvironment(database);
let operator: Caller;
const SIGNING = `whsec_${Buffer.from('the app and Sundial share this!!').toString('base64')}`;
let app: Awaited<ReturnType<typeof appServer>>;

beforeAll(async () => {
  process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
  process.env.SUNDIAL_SECRET_KEY ??= SECRET_KEY;
  operator = (await makeCallers(database)).find((c) => c.label === 'operator API key')!;
  app = await appServer((call) => (call.path === '/later' ? { status: 202, body: { accepted: true } } : { status: 200, body: { imported: 3 } }));
});
afterAll(() => app.close());

async function runToState(taskId: string, until: (status: string) => boolean, params?: Record<string, unknown>, testMode = false) {
  const worker = testWorker(database, { id: `w-${taskId.slice(0, 8)}`, handlerModules: [BUILT_IN_HANDLERS] });
  await worker.start();
  try {
    const queued = await triggerRun(database.db, taskId, { trigger: 'manual', params, testMode });
    if (!queued.ok) throw new Error('could not queue');
    await waitUntil(async () => until((await runsOf(database, taskId)).at(-1)?.status ?? ''), 10_000, 'the run to get there');
    // The hand-over is written after the handler's end is seen: wait for the worker to let go.
    await waitUntil(async () => (await runsOf(database, taskId)).at(-1)?.worker_id !== `w-${taskId.slice(0, 8)}` || !until('running'), 5_000, 'the worker to let go');
    return queued.value.runId;
  } finally {
    await worker.stop();
  }
}

describe('an http task calling a team app', () => {
  it("sends the run's context, params and test mode in a signed envelope, and stores the JSON answer", async () => {
    const task = await makeTask(database, { name: 'csv import', handler: 'http', config: { method: 'POST', url: `${app.url}/import`, body: '{"source":"s3://bucket/a.csv"}', signingSecret: SIGNING }, schedule: { kind: 'manual' } });
    const runId = await runToState(task.id, (s) => s === 'succeeded', { date: '2026-11-27' }, true);
    const call = app.calls.find((c) => c.path === '/import')!;
    expect(() => new Webhook(SIGNING).verify(call.body, call.headers)).not.toThrow();
    const sent = JSON.parse(call.body);
    expect(sent).toMatchObject({ run: { id: runId, taskId: task.id, taskName: 'csv import', attempt: 1, trigger: 'manual', testMode: true }, params: { date: '2026-11-27' }, body: { source: 's3://bucket/a.csv' } });
    expect(readRunToken(sent.callback.token)).toMatchObject({ runId });
    const [run] = await runsOf(database, task.id);
    expect(run).toMatchObject({ status: 'succeeded', result: { status: 200, body: { imported: 3 } } });
    // The signing key is in nothing the run wrote.
    const written = await database.pool.query(`select (select string_agg(message, ' ') from run_logs where run_id = $1) || (select result::text from runs where id = $1) as text`, [runId]);
    expect(written.rows[0].text).not.toContain(SIGNING.slice(6, 20));
  });

  it('leaves the run running, held by the app until its timeout, when the app answers 202', async () => {
    const task = await makeTask(database, { name: 'long import', handler: 'http', config: { method: 'POST', url: `${app.url}/later`, asyncCompletion: true }, schedule: { kind: 'manual' }, policy: { timeoutSeconds: 600 } });
    const runId = await runToState(task.id, (s) => s === 'running');
    const { rows } = await database.pool.query(`select status, worker_id, extract(epoch from lease_expires_at - started_at)::int as lease, finished_at from runs where id = $1`, [runId]);
    expect(rows[0]).toEqual({ status: 'running', worker_id: 'app', lease: 600, finished_at: null });
    const logs = await database.pool.query(`select message from run_logs where run_id = $1 order by seq`, [runId]);
    expect(logs.rows.map((r) => r.message).join('\n')).toMatch(/-> 202[\s\S]*reports back with its run token/);
  });

  describe('after a 202, the app', () => {
    async function handedOver(name: string, timeoutSeconds = 600) {
      const task = await makeTask(database, { name, handler: 'http', config: { method: 'POST', url: `${app.url}/later`, asyncCompletion: true }, schedule: { kind: 'manual' }, policy: { timeoutSeconds, maxAttempts: 2, backoffSeconds: 0 } });
      const runId = await runToState(task.id, (s) => s === 'running');
      const sent = JSON.parse(app.calls.at(-1)!.body);
      const as = (token: string) => ({ authorization: `Bearer ${token}` });
      const report = (route: typeof finishRoute, what: string, body?: unknown, token = sent.callback.token as string) =>
        call(route, 'POST', `/api/v1/runs/${runId}/${what}`, { headers: as(token), params: { id: String(runId) }, body });
      return { task, runId, report };
    }

    it('logs, reports progress and finishes the run with its token; the token dies with the run', async () => {
      const { runId, report } = await handedOver('app finishes');
      expect((await report(runLogsAppendRoute, 'logs', { lines: [{ message: 'loading 500 rows' }] })).status).toBe(200);
      expect((await report(runProgressRoute, 'progress', { progress: { done: 1, total: 2 } })).status).toBe(200);
      expect((await report(heartbeatRoute, 'heartbeat', {})).body).toMatchObject({ cancelRequested: false });
      // Another run's token, or a forged one, is refused.
      expect((await report(finishRoute, 'finish', { status: 'succeeded' }, runToken({ runId: runId + 1000, epoch: 1 }))).status).toBe(401);
      expect((await report(finishRoute, 'finish', { status: 'succeeded', result: { rows: 500 } })).body).toMatchObject({ status: 'succeeded' });
      const { rows } = await database.pool.query('select status, result, progress from runs where id = $1', [runId]);
      expect(rows[0]).toEqual({ status: 'succeeded', result: { rows: 500 }, progress: { done: 1, total: 2 } });
      expect((await report(runLogsAppendRoute, 'logs', { lines: [{ message: 'too late' }] })).status).toBe(409);
      const logs = await database.pool.query('select message from run_logs where run_id = $1 order by seq', [runId]);
      expect(logs.rows.map((r) => r.message)).toContain('loading 500 rows');
      expect(logs.rows.map((r) => r.message)).not.toContain('too late');
    });

    it('is cancelled at once by a cancel, and learns it at its next call', async () => {
      const { runId, report } = await handedOver('app cancelled');
      const cancelled = await call(cancelRunRoute, 'POST', `/api/v1/runs/${runId}/cancel`, { headers: operator.headers, params: { id: String(runId) } });
      expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
      expect(await report(heartbeatRoute, 'heartbeat', {})).toMatchObject({ status: 409, body: { status: 'cancelled' } });
    });

    it('that never reports ends timed_out at the task timeout, and is retried', async () => {
      const { task, runId } = await handedOver('app silent', 1);
      const worker = testWorker(database, { id: 'reaper', handlerModules: [BUILT_IN_HANDLERS] });
      await worker.start();
      try {
        await waitUntil(async () => (await runsOf(database, task.id))[0]!.status === 'timed_out', 10_000, 'the silent run to time out');
      } finally {
        await worker.stop();
      }
      const runs = await runsOf(database, task.id);
      expect(runs[0]).toMatchObject({ id: runId, status: 'timed_out' });
      expect(runs[1]).toMatchObject({ attempt: 2, trigger: 'retry' });
    });
  });
});
