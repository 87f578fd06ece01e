import { describe, expect, it } from 'vitest';
import { claimRuns } from '../../../db/queries/engine/claim';
import { endRuns } from '../../../db/queries/engine/end-runs';
import { triggerRun } from '../../../lib/tasks/service';
import { fireDue } from '../../../worker/scheduler';
import { withTestDatabase } from '../../helpers/db';
import { makeTask, runsOf } from '../../helpers/tasks';

// Remote tasks' runs wait on their queue: in-process workers never take them, a remote
// worker takes only the queues it names, and a retry stays on the same queue.

const database = withTestDatabase();

async function remoteTask(name: string, queue: string, policy: Record<string, unknown> = {}) {
  const task = await makeTask(database, { name, schedule: { kind: 'manual' }, policy });
  // The remote handler is not in this test's catalog: set it as the worker would see it.
  await database.pool.query(`update tasks set handler = 'remote', config = $2 where id = $1`, [task.id, { queue }]);
  return task;
}

describe('runs of remote tasks', () => {
  it('are claimed only by workers naming their queue, and their retries keep it', async () => {
    const bank = await remoteTask('bank sync', 'bank-sync', { maxAttempts: 2, backoffSeconds: 0 });
    const local = await makeTask(database, { name: 'local', schedule: { kind: 'manual' } });
    for (const t of [bank, local]) expect((await triggerRun(database.db, t.id, { trigger: 'api' })).ok).toBe(true);

    const inProcess = await claimRuns(database.pool, 'w1', 10, 30);
    expect(inProcess.map((r) => r.taskId)).toEqual([local.id]);
    expect(inProcess[0]).toMatchObject({ queue: null, trigger: 'api' });
    expect(await claimRuns(database.pool, 'remote:other', 10, 30, ['newsletter'])).toEqual([]);

    const [claimed] = await claimRuns(database.pool, 'remote:bank', 10, 30, ['bank-sync', 'newsletter']);
    expect(claimed).toMatchObject({ taskId: bank.id, queue: 'bank-sync', handler: 'remote', config: { queue: 'bank-sync' } });
    await endRuns(database.pool, [{ runId: claimed!.id, epoch: claimed!.epoch, status: 'failed', errorMessage: 'provider down', retryInMs: 0 }]);

    expect(await claimRuns(database.pool, 'w1', 10, 30)).toEqual([]);
    const [retry] = await claimRuns(database.pool, 'remote:bank', 10, 30, ['bank-sync']);
    expect(retry).toMatchObject({ taskId: bank.id, attempt: 2, queue: 'bank-sync', trigger: 'retry' });
  });

  it('fired by the scheduler wait on the queue too', async () => {
    const task = await makeTask(database, { name: 'every second', schedule: { kind: 'cron', expression: '* * * * * *', timezone: 'UTC' } });
    await database.pool.query(`update tasks set handler = 'remote', config = '{"queue":"scrape"}', next_run_at = now() - interval '1 second' where id = $1`, [task.id]);
    await fireDue(database.pool, { limit: 100 });
    const queued = (await runsOf(database, task.id)).filter((r) => r.status === 'queued');
    expect(queued.length).toBeGreaterThan(0);
    expect(await claimRuns(database.pool, 'w1', 10, 30)).toEqual([]);
    // One at a time: the default concurrency policy holds for remote workers too.
    expect((await claimRuns(database.pool, 'remote:scrape', 10, 30, ['scrape'])).map((r) => r.queue)).toEqual(['scrape']);
  });
});
