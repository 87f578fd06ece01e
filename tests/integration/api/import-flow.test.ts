import { beforeAll, describe, expect, it } from 'vitest';
import { getRunRoute, runLogsRoute, taskRunsRoute, cancelRunRoute, listRunsRoute } from '../../../lib/api/v1/runs';
import { createTaskRoute, disableTaskRoute, listTasksRoute, runTaskRoute } from '../../../lib/api/v1/tasks';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { testWorker } from '../../helpers/worker';

// The CSV import API's flow (shared/use-cases/csv-import-schedules-api.md) with a Bearer key.

const database = withTestDatabase();
withApiEnvironment(database);
let key: Caller;
beforeAll(async () => {
  key = (await makeCallers(database)).find((c) => c.label === 'operator API key')!;
});

describe('import API client flow', () => {
  it('creates interval and cron tasks, lists with filters, runs one, reads its history, disables one', async () => {
    const every2h = await call(createTaskRoute, 'POST', '/api/v1/tasks', {
      headers: key.headers,
      body: { name: 'import customers', handler: 'noop', tags: ['import'], schedule: { kind: 'interval', everySeconds: 7200 } },
    });
    const nightly = await call(createTaskRoute, 'POST', '/api/v1/tasks', {
      headers: key.headers,
      body: { name: 'import orders', handler: 'noop', tags: ['import'], schedule: { kind: 'cron', expression: '0 0 * * *', timezone: 'America/New_York' } },
    });
    expect([every2h.status, nightly.status]).toEqual([201, 201]);

    const listed = await call(listTasksRoute, 'GET', '/api/v1/tasks?tag=import&enabled=true', { headers: key.headers });
    expect(listed.body.items.map((t: { name: string }) => t.name)).toEqual(['import customers', 'import orders']);

    const run = await call(runTaskRoute, 'POST', '/x', { headers: key.headers, params: { id: every2h.body.id }, body: { params: { file: 'customers.csv' } } });
    expect(run.status).toBe(202);
    const history = await call(taskRunsRoute, 'GET', '/x?trigger=api', { headers: key.headers, params: { id: every2h.body.id } });
    expect(history.body.items).toMatchObject([{ id: run.body.runId, trigger: 'api', status: 'queued', params: { file: 'customers.csv' }, taskName: 'import customers' }]);
    const detail = await call(getRunRoute, 'GET', '/x', { headers: key.headers, params: { id: String(run.body.runId) } });
    expect(detail.body).toMatchObject({ id: run.body.runId, result: null });
    const logs = await call(runLogsRoute, 'GET', '/x?after=0', { headers: key.headers, params: { id: String(run.body.runId) } });
    expect(logs.body).toEqual({ lines: [], nextAfter: 0, finished: false });

    const disabled = await call(disableTaskRoute, 'POST', '/x', { headers: key.headers, params: { id: nightly.body.id } });
    expect(disabled.body).toMatchObject({ enabled: false, nextRunAt: null });
    const stillEnabled = await call(listTasksRoute, 'GET', '/api/v1/tasks?tag=import&enabled=true', { headers: key.headers });
    expect(stillEnabled.body.items.map((t: { name: string }) => t.name)).toEqual(['import customers']);
  });

  it('cancels a queued run at once, and answers 409 for one that already ended', async () => {
    const { body: task } = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: key.headers, body: { name: 'cancel me', handler: 'noop', schedule: { kind: 'manual' } } });
    const { body: run } = await call(runTaskRoute, 'POST', '/x', { headers: key.headers, params: { id: task.id }, body: {} });
    const cancelled = await call(cancelRunRoute, 'POST', '/x', { headers: key.headers, params: { id: String(run.runId) } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect((await call(cancelRunRoute, 'POST', '/x', { headers: key.headers, params: { id: String(run.runId) } })).status).toBe(409);
    const all = await call(listRunsRoute, 'GET', '/api/v1/runs?status=cancelled', { headers: key.headers });
    expect(all.body.items.map((r: { id: number }) => r.id)).toContain(run.runId);
    expect((await call(getRunRoute, 'GET', '/x', { headers: key.headers, params: { id: '12abc' } })).status).toBe(404);
  });

  it('cancels a running run through its signal within about a second', async () => {
    const { body: task } = await call(createTaskRoute, 'POST', '/api/v1/tasks', {
      headers: key.headers,
      body: { name: 'long sleep', handler: 'sleep', config: { seconds: 60 }, schedule: { kind: 'manual' } },
    });
    const worker = testWorker(database, { id: 'api-cancel-w', drainTimeoutSeconds: 0 });
    await worker.start();
    const { body: run } = await call(runTaskRoute, 'POST', '/x', { headers: key.headers, params: { id: task.id }, body: {} });
    const status = async () => (await call(getRunRoute, 'GET', '/x', { headers: key.headers, params: { id: String(run.runId) } })).body.status;
    await waitUntil(async () => (await status()) === 'running', 3000, 'the run to start');
    const asked = Date.now();
    expect((await call(cancelRunRoute, 'POST', '/x', { headers: key.headers, params: { id: String(run.runId) } })).status).toBe(202);
    await waitUntil(async () => (await status()) === 'cancelled', 3000, 'the run to stop');
    expect(Date.now() - asked).toBeLessThan(2000);
    await worker.stop();
  });
});
