import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS_MS, durationBucket } from '../../../lib/engine/stats';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { FIXTURE_HANDLERS } from '../../fixtures/handlers';
import { withTestDatabase } from '../../helpers/db';
import { cleanEnv, runEntry, waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

const database = withTestDatabase();
const NEVER = '0 0 1 1 *'; // a tick that never comes: only NOTIFY can wake the worker

const handlers = [BUILT_IN_HANDLERS, FIXTURE_HANDLERS];

describe('executing runs', () => {
  it('a manual run wakes an idle worker through NOTIFY within a second, and logs reach the database while it runs', async () => {
    const task = await makeTask(database, { name: 'chatty', handler: 'chatty', schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'notify-w', handlerModules: handlers, tickCron: NEVER });
    await worker.start();
    const before = Date.now();
    const run = await triggerRun(database.db, task.id, { trigger: 'manual', params: { account: 42 }, testMode: true });
    const runId = run.ok ? run.value.runId : 0;
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'running', 1000, 'the run to start');
    expect(Date.now() - before).toBeLessThan(1000);
    await waitUntil(async () => (await database.pool.query('select 1 from run_logs where run_id = $1', [runId])).rowCount === 1, 1000, 'the first line');
    const { rows: live } = await database.pool.query('select status, progress from runs where id = $1', [runId]);
    expect(live[0]).toEqual({ status: 'running', progress: { done: 1, total: 2 } });

    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 5000, 'the run to finish');
    await worker.stop();
    const { rows: logs } = await database.pool.query('select seq, level, message from run_logs where run_id = $1 order by seq', [runId]);
    expect(logs).toEqual([
      { seq: 1, level: 'info', message: 'first line' },
      { seq: 2, level: 'warn', message: 'second line' },
    ]);
    expect((await runsOf(database, task.id))[0]!.result).toEqual({ params: { account: 42 }, testMode: true });
  });

  it('without LISTEN the once-a-second poll still picks work up', async () => {
    const task = await makeTask(database, { name: 'polled', schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'poll-w', databaseUrl: undefined });
    await worker.start();
    await triggerRun(database.db, task.id, { trigger: 'api' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 2500, 'the polled run');
    await worker.stop();
  });

  it('stores the last progress a handler reports, however fast the reports came', async () => {
    const task = await makeTask(database, { name: 'counting', handler: 'counting', schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'count-w', handlerModules: handlers });
    await worker.start();
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 5000, 'the run');
    await worker.stop();
    const { rows } = await database.pool.query('select progress from runs where task_id = $1', [task.id]);
    expect(rows[0].progress).toEqual({ done: 200, total: 200 });
  });

  it('caps a huge result to a preview', async () => {
    const task = await makeTask(database, { name: 'big result', handler: 'chatty', config: { waitMs: 0, big: true }, schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'big-w', handlerModules: handlers });
    await worker.start();
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 5000, 'the run');
    await worker.stop();
    const result = (await runsOf(database, task.id))[0]!.result as { truncated: boolean; bytes: number; preview: string };
    expect(result.truncated).toBe(true);
    expect(result.bytes).toBeGreaterThan(200_000);
    expect(result.preview.length).toBeLessThanOrEqual(16_384);
  });

  it('RateLimitedError defers the same run without failing it; NonRetryableError stops retries', async () => {
    const slow = await makeTask(database, { name: 'throttled', handler: 'throttled-once', schedule: { kind: 'manual' }, policy: { maxAttempts: 3 } });
    const dead = await makeTask(database, { name: 'broken', handler: 'broken', schedule: { kind: 'manual' }, policy: { maxAttempts: 3, backoffSeconds: 0 } });
    const worker = testWorker(database, { id: 'errors-w', handlerModules: handlers });
    await worker.start();
    await triggerRun(database.db, slow.id, { trigger: 'manual' });
    await triggerRun(database.db, dead.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, slow.id))[0]?.reason?.startsWith('rate limited') === true, 3000, 'the deferral');
    const deferredAt = Date.now();
    await waitUntil(async () => (await runsOf(database, slow.id))[0]?.status === 'succeeded', 5000, 'the deferred run');
    expect(Date.now() - deferredAt).toBeGreaterThan(800);
    await new Promise((r) => setTimeout(r, 1500));
    await worker.stop();
    expect((await runsOf(database, slow.id)).map((r) => [r.attempt, r.status])).toEqual([[1, 'succeeded']]);
    expect((await runsOf(database, dead.id)).map((r) => [r.attempt, r.status, r.error_message])).toEqual([[1, 'failed', 'the account was closed']]);
  });

  it('publishes the handler catalog with JSON Schemas, and keeps daily stats as runs finish', async () => {
    const { rows } = await database.pool.query<{ key: string; config_schema: { properties?: Record<string, unknown> } }>('select key, config_schema from handlers order by key');
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(['http', 'noop', 'sleep']));
    expect(Object.keys(rows.find((r) => r.key === 'http')!.config_schema.properties ?? {})).toEqual(expect.arrayContaining(['method', 'url', 'headers']));
    const { rows: stats } = await database.pool.query(`
      select sum(succeeded)::int as succeeded, sum(failed)::int as failed, sum((select sum(b) from unnest(duration_buckets) b))::int as bucketed
      from task_stats_daily`);
    expect(stats[0].succeeded).toBeGreaterThanOrEqual(4);
    expect(stats[0].failed).toBe(1);
    expect(stats[0].bucketed).toBe(stats[0].succeeded + stats[0].failed);
    // The histogram bucket that SQL picked is the one durationBucket() names.
    const { rows: one } = await database.pool.query<{ duration_ms: number; duration_buckets: number[] }>(`
      select r.duration_ms, s.duration_buckets from runs r join tasks t on t.id = r.task_id
      join task_stats_daily s on s.task_id = t.id where t.name = 'big result'`);
    const expected = Array(DURATION_BUCKETS_MS.length + 1).fill(0);
    expected[durationBucket(one[0]!.duration_ms) - 1] = 1;
    expect(one[0]!.duration_buckets).toEqual(expected);
  });

  it('a worker restarted with the same identity releases its orphaned run at once, long before the lease ends', async () => {
    const task = await makeTask(database, { name: 'orphan', handler: 'sleep', config: { seconds: 30 }, schedule: { kind: 'manual' }, policy: { maxAttempts: 2, backoffSeconds: 0 } });
    const env = cleanEnv({ DATABASE_URL: database.url, SUNDIAL_WORKER_ID: 'same-id', SUNDIAL_LEASE_SECONDS: '600', LOG_LEVEL: 'info' });
    const first = runEntry('worker/index.ts', env);
    await first.waitFor('worker started', 60_000);
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'running', 5000, 'the run to start');
    first.child.kill('SIGKILL');
    await first.exit;
    const second = runEntry('worker/index.ts', env);
    await second.waitFor('worker started', 60_000);
    const [orphan, retry] = await runsOf(database, task.id);
    expect(orphan).toMatchObject({ status: 'lost', worker_id: 'same-id' });
    expect(retry).toMatchObject({ attempt: 2, trigger: 'retry' });
    second.child.kill('SIGKILL');
    await second.exit;
  });
});
