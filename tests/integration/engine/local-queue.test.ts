import { describe, expect, it } from 'vitest';
import { triggerRun } from '../../../lib/tasks/service';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// While handlers are quick a worker claims runs ahead of its free threads (worker/runner/runner.ts).
// What a user would notice if that went wrong: runs stuck `running` after a worker stopped, or
// runs waiting on a busy worker while another one sits idle.

const database = withTestDatabase();

async function queue(taskId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await triggerRun(database.db, taskId, { trigger: 'api' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  }
}

const statuses = async (taskId: string) => (await runsOf(database, taskId)).map((r) => r.status);

describe('runs claimed ahead', () => {
  it('are handed back the moment their worker stops, and each still runs exactly once', async () => {
    // 10 ms handlers: quick enough to claim ahead, slow enough that the local queue is full.
    const task = await makeTask(database, { name: 'quick', handler: 'sleep', config: { seconds: 0.01 }, schedule: { kind: 'manual' }, policy: { concurrency: 'allow', maxConcurrent: 50 } });
    const first = testWorker(database, { id: 'ahead-a', schedulerEnabled: false, concurrency: 2 });
    await first.start();
    await queue(task.id, 20);
    await waitUntil(async () => (await statuses(task.id)).every((s) => s === 'succeeded'), 10_000, 'the warm-up runs');

    // Handlers are now known to be quick, so the worker claims ahead: stop it mid-stream.
    await queue(task.id, 100);
    await waitUntil(async () => (await statuses(task.id)).filter((s) => s === 'succeeded').length >= 40, 10_000, 'some of the next runs');
    await first.stop();
    const after = await statuses(task.id);
    expect(after.filter((s) => s === 'running')).toEqual([]);

    const second = testWorker(database, { id: 'ahead-b', schedulerEnabled: false, concurrency: 2 });
    await second.start();
    await waitUntil(async () => (await statuses(task.id)).every((s) => s === 'succeeded'), 20_000, 'every run');
    await second.stop();
    expect(await statuses(task.id)).toHaveLength(120);
  });

  it('are not kept waiting behind handlers that turned slow while another worker is free', async () => {
    const quick = await makeTask(database, { name: 'warm', handler: 'noop', schedule: { kind: 'manual' }, policy: { concurrency: 'allow', maxConcurrent: 50 } });
    const slow = await makeTask(database, { name: 'slow', handler: 'sleep', config: { seconds: 1.5 }, schedule: { kind: 'manual' }, policy: { concurrency: 'allow', maxConcurrent: 50 } });
    const busy = testWorker(database, { id: 'slow-a', schedulerEnabled: false, concurrency: 1 });
    await busy.start();
    await queue(quick.id, 20);
    await waitUntil(async () => (await statuses(quick.id)).every((s) => s === 'succeeded'), 10_000, 'the warm-up runs');

    await queue(slow.id, 3);
    await waitUntil(async () => (await statuses(slow.id)).every((s) => s === 'running'), 5000, 'the busy worker to claim all three');
    const idle = testWorker(database, { id: 'slow-b', schedulerEnabled: false, concurrency: 4 });
    await idle.start();
    await waitUntil(async () => (await statuses(slow.id)).every((s) => s === 'succeeded'), 10_000, 'the slow runs');
    await Promise.all([busy.stop(), idle.stop()]);

    // Claimed ahead by the busy worker, the last of them would start 1.5 s and 3 s late; handed
    // back after 250 ms, the idle worker starts them at once.
    const runs = await runsOf(database, slow.id);
    const lags = (await database.pool.query<{ lag_ms: number }>('select lag_ms from runs where task_id = $1', [slow.id])).rows.map((r) => r.lag_ms);
    expect(Math.max(...lags)).toBeLessThan(1200);
    expect(runs.every((r) => r.attempt === 1)).toBe(true);
    expect(runs.filter((r) => r.worker_id === 'slow-b').length).toBeGreaterThanOrEqual(1);
  });
});
