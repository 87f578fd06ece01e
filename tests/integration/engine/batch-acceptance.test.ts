import { describe, expect, it } from 'vitest';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { BATCH_HANDLERS } from '../../fixtures/batch-handlers';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { mostStartsInAWindow, startsOnKey } from '../../helpers/rate-windows';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// Issue 13 point 2, acceptance: 40 items, 3 of which fail, under a limit of 5 starts per 10 s
// shared with a task's policy. About 70 s by nature (8 windows of 5 starts): one such run.

const database = withTestDatabase();
const manual = { kind: 'manual' as const };

describe('a batch under a shared rate limit', () => {
  it('runs 40 items at most 5 per 10 s, isolates the 3 that fail, and ends succeeded but partial', async () => {
    // The key's limit comes from another task's policy (a provider's limit, say); the batch's own task names none.
    await makeTask(database, { name: 'bank sync', schedule: manual, policy: { rateLimit: { key: 'bank-api', max: 5, perSeconds: 10 } } });
    const task = await makeTask(database, {
      name: 'sync accounts',
      handler: 'batch-items',
      config: { count: 40, fail: [3, 17, 31], concurrency: 4, itemMs: 20, rateLimitKey: 'bank-api' },
      schedule: manual,
    });
    const worker = testWorker(database, { id: 'batch-acc', handlerModules: [BUILT_IN_HANDLERS, BATCH_HANDLERS] });
    await worker.start();
    try {
      const queued = await triggerRun(database.db, task.id, { trigger: 'manual' });
      expect(queued.ok).toBe(true);
      await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 100_000, 'the batch to finish');
    } finally {
      await worker.stop();
    }

    const { rows } = await database.pool.query('select id, status, partial, result, progress from runs where task_id = $1', [task.id]);
    expect(rows).toHaveLength(1);
    const run = rows[0];
    expect(run).toMatchObject({ status: 'succeeded', partial: true, result: { total: 40, succeeded: 37, failed: 3, skipped: 0 }, progress: { done: 40, total: 40 } });
    expect(run.result.failures).toEqual([3, 17, 31].map((account) => ({ item: { account }, error: `account ${account} refused the sync` })));

    const starts = await startsOnKey(database, 'bank-api');
    expect(starts).toHaveLength(40);
    expect(mostStartsInAWindow(starts, 10)).toBe(5);
    const { rows: events } = await database.pool.query('select distinct run_id from rate_limit_events where key = $1', ['bank-api']);
    expect(events.map((e) => Number(e.run_id))).toEqual([Number(run.id)]);

    const { rows: stats } = await database.pool.query('select succeeded, failed, partial from task_stats_daily where task_id = $1', [task.id]);
    expect(stats).toEqual([{ succeeded: 1, failed: 0, partial: 1 }]);
    const { rows: logs } = await database.pool.query<{ level: string; message: string }>('select level, message from run_logs where run_id = $1 order by seq', [run.id]);
    expect(logs.at(-1)).toEqual({ level: 'warn', message: 'batch: 37 of 40 items succeeded, 3 failed, 0 skipped' });
  });
});
