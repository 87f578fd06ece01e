import { beforeAll, describe, expect, it } from 'vitest';
import { handlersRoute, previewRoute, taskStatsRoute, workersRoute } from '../../../lib/api/v1/catalog';
import { runTaskRoute } from '../../../lib/api/v1/tasks';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

const database = withTestDatabase();
withApiEnvironment(database);
let viewer: Caller;
let operator: Caller;
beforeAll(async () => {
  const callers = await makeCallers(database);
  viewer = callers.find((c) => c.label === 'viewer API key')!;
  operator = callers.find((c) => c.label === 'operator API key')!;
});

describe('schedule preview', () => {
  it('lists the next fires of an unsaved schedule as UTC instants, DST included', async () => {
    const res = await call(previewRoute, 'POST', '/x', {
      headers: viewer.headers,
      body: { schedule: { kind: 'cron', expression: '30 2 * * *', timezone: 'America/New_York' }, from: '2026-03-07T12:00:00Z', count: 2 },
    });
    expect(res).toMatchObject({ status: 200, body: { fires: ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'] } });
  });

  it('answers a bad schedule with 422 and field errors', async () => {
    const res = await call(previewRoute, 'POST', '/x', { headers: viewer.headers, body: { schedule: { kind: 'cron', expression: '61 * * * *', timezone: 'Mars/Base' } } });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([
      { field: 'schedule.expression', message: 'minute: 61 is out of range 0-59' },
      { field: 'schedule.timezone', message: 'unknown time zone Mars/Base' },
    ]);
  });
});

describe('handlers, workers and stats', () => {
  it('shows the published catalog, the live worker, and stats from the daily rollups', async () => {
    const task = await makeTask(database, { name: 'stats', handler: 'noop', schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'api-stats-w' });
    await worker.start();
    for (let i = 0; i < 3; i++) await call(runTaskRoute, 'POST', '/x', { headers: operator.headers, params: { id: task.id }, body: {} });
    await waitUntil(async () => (await runsOf(database, task.id)).filter((r) => r.status === 'succeeded').length === 3, 10_000, 'three runs');

    const catalog = await call(handlersRoute, 'GET', '/x', { headers: viewer.headers });
    expect(catalog.body.items.map((h: { key: string }) => h.key)).toEqual(['command', 'http', 'noop', 'pipeline', 'remote', 'sleep', 'sql', 'sundial.backup', 'sundial.prune', 'weekly-report']);
    const live = await call(workersRoute, 'GET', '/x', { headers: viewer.headers });
    expect(live.body.items).toMatchObject([{ id: 'api-stats-w', live: true, status: 'running' }]);
    await worker.stop();

    const stats = await call(taskStatsRoute, 'GET', '/x?days=7', { headers: viewer.headers, params: { id: task.id } });
    expect(stats.body).toMatchObject({ days: 7, counts: { succeeded: 3, failed: 0 }, successRate: 1 });
    expect(stats.body.p95DurationMs).toBeLessThanOrEqual(1000);
    expect(stats.body.perDay).toHaveLength(1);
    const after = await call(workersRoute, 'GET', '/x', { headers: viewer.headers });
    expect(after.body.items).toMatchObject([{ id: 'api-stats-w', live: false, status: 'stopped' }]);
  });
});
