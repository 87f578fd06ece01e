import { describe, expect, it } from 'vitest';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

const database = withTestDatabase();

describe('engine smoke', () => {
  it('fires an every-second task and records succeeded runs with stats', async () => {
    const task = await makeTask(database, { name: 'tick' });
    const worker = testWorker(database, { id: 'smoke-1' });
    await worker.start();
    await waitUntil(async () => (await runsOf(database, task.id)).filter((r) => r.status === 'succeeded').length >= 2, 10_000, 'two succeeded runs');
    await worker.stop();
    const runs = await runsOf(database, task.id);
    // Under forbid a slot that falls due while the previous run is still being recorded is
    // skipped (a loaded machine); nothing else may happen to an every-second no-op.
    expect(runs.map((r) => r.status).filter((s) => !['succeeded', 'queued', 'skipped'].includes(s))).toEqual([]);
    const { rows } = await database.pool.query('select total_runs, succeeded_count, last_status from task_state where task_id = $1', [task.id]);
    expect(rows[0]).toMatchObject({ last_status: 'succeeded' });
    expect(rows[0].succeeded_count).toBeGreaterThanOrEqual(2);
  });
});
