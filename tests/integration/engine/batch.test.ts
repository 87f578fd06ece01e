import { describe, expect, it } from 'vitest';
import { claimRuns } from '../../../db/queries/engine/claim';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { BATCH_HANDLERS } from '../../fixtures/batch-handlers';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { mostStartsInAWindow, startsOnKey } from '../../helpers/rate-windows';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// ctx.batch against a real Postgres: items of several runs, on several workers, and queued
// runs all share one rate-limit window per key.

const database = withTestDatabase();
const manual = { kind: 'manual' as const };
const handlerModules = [BUILT_IN_HANDLERS, BATCH_HANDLERS];

async function queue(taskId: string): Promise<number> {
  const queued = await triggerRun(database.db, taskId, { trigger: 'manual' });
  if (!queued.ok) throw new Error('could not queue');
  return queued.value.runId;
}

describe('ctx.batch', () => {
  it('two batches on two workers share a key: its own task run and both batches stay within 3 starts per 2 s', async () => {
    const config = { count: 6, concurrency: 3, rateLimitKey: 'pair-api' };
    // One task names the key in its policy (its run counts as a start too); the other borrows that limit.
    const own = await makeTask(database, { name: 'own limit', handler: 'batch-items', config, schedule: manual, policy: { rateLimit: { key: 'pair-api', max: 3, perSeconds: 2 } } });
    const borrowed = await makeTask(database, { name: 'borrowed limit', handler: 'batch-items', config: { ...config, fail: [5] }, schedule: manual });
    const workers = [testWorker(database, { id: 'pair-1', handlerModules }), testWorker(database, { id: 'pair-2', handlerModules })];
    await Promise.all(workers.map((w) => w.start()));
    try {
      await Promise.all([queue(own.id), queue(borrowed.id)]);
      const done = async (taskId: string) => (await runsOf(database, taskId))[0]?.status === 'succeeded';
      await waitUntil(async () => (await done(own.id)) && (await done(borrowed.id)), 30_000, 'both batches');
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const starts = await startsOnKey(database, 'pair-api');
    expect(starts).toHaveLength(13); // 12 items and the run of the task that names the key
    expect(mostStartsInAWindow(starts, 2)).toBe(3);
    const [ownRun] = await runsOf(database, own.id);
    const [borrowedRun] = await runsOf(database, borrowed.id);
    expect(ownRun!.result).toEqual({ total: 6, succeeded: 6, failed: 0, skipped: 0, failures: [] });
    expect(borrowedRun!.result).toMatchObject({ total: 6, succeeded: 5, failed: 1, skipped: 0 });
    const { rows } = await database.pool.query('select task_id, partial from runs where task_id = any($1::uuid[]) order by task_id = $2', [[own.id, borrowed.id], own.id]);
    expect(rows.map((r) => r.partial)).toEqual([true, false]);
  });

  it("the claim counts batch items' starts: a queued run of a task with the key waits until they leave the window", async () => {
    const task = await makeTask(database, { name: 'claim waits', schedule: manual, policy: { rateLimit: { key: 'shared-api', max: 2, perSeconds: 30 } } });
    const { rows: events } = await database.pool.query<{ oldest: Date }>(
      `insert into rate_limit_events (key, at) values ('shared-api', now() - interval '5 seconds'), ('shared-api', now()) returning (select now() - interval '5 seconds') as oldest`,
    );
    const runId = await queue(task.id);
    expect(await claimRuns(database.pool, 'claimer', 5, 30)).toEqual([]);
    const { rows } = await database.pool.query('select status, reason, not_before from runs where id = $1', [runId]);
    expect(rows[0]).toMatchObject({ status: 'queued', reason: 'waiting for rate limit shared-api' });
    // Deferred until the oldest batch start leaves the 30 s window.
    expect(Math.abs(rows[0].not_before.getTime() - (events[0]!.oldest.getTime() + 30_000))).toBeLessThan(50);

    // Once those starts are out of the window, the run is claimed.
    await database.pool.query(`update rate_limit_events set at = at - interval '1 minute' where key = 'shared-api'`);
    await database.pool.query('update runs set not_before = now() where id = $1', [runId]);
    expect((await claimRuns(database.pool, 'claimer', 5, 30)).map((r) => r.id)).toEqual([runId]);
  });

  it('a batch whose key no task declares, and that names no limit, fails before any item runs', async () => {
    const task = await makeTask(database, { name: 'no limit', handler: 'batch-items', config: { count: 3, rateLimitKey: 'nobody-declares' }, schedule: manual });
    const worker = testWorker(database, { id: 'no-limit', handlerModules });
    await worker.start();
    try {
      await queue(task.id);
      await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'failed', 10_000, 'the run to fail');
    } finally {
      await worker.stop();
    }
    const [run] = await runsOf(database, task.id);
    expect(run!.error_message).toContain('no task policy declares the rate-limit key "nobody-declares"');
    expect((await database.pool.query(`select 1 from rate_limit_events where key = 'nobody-declares'`)).rowCount).toBe(0);
  });
});
