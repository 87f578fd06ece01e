import { describe, expect, it } from 'vitest';
import { claimRuns } from '../../../db/queries/engine/claim';
import { endRuns } from '../../../db/queries/engine/end-runs';
import { DURATION_BUCKETS_MS } from '../../../lib/engine/stats';
import { taskStats } from '../../../lib/api/v1/task-stats';
import { withTestDatabase } from '../../helpers/db';
import { makeTask, runsOf } from '../../helpers/tasks';
import { fireDue } from '../../../worker/scheduler';

// The engine's SQL on its own, against a real Postgres: fencing, the stats of a day whose
// first row came from a skipped slot, and claims that return as many runs as asked.

const database = withTestDatabase();
const manual = { kind: 'manual' as const };

async function queue(taskId: string, n: number): Promise<void> {
  await database.pool.query(`insert into runs (task_id, trigger, status, scheduled_for) select $1, 'api', 'queued', now() from generate_series(1, $2)`, [taskId, n]);
}

describe('fencing', () => {
  it('a worker whose lease was taken over cannot end the newer attempt; its late result is noted on its own', async () => {
    const task = await makeTask(database, { name: 'fenced', schedule: manual, policy: { maxAttempts: 2, backoffSeconds: 0 } });
    await queue(task.id, 1);
    const [first] = await claimRuns(database.pool, 'old-owner', 1, 1);
    // The lease expires; the reaper records the attempt lost and queues attempt 2.
    await database.pool.query(`update runs set lease_expires_at = now() - interval '1 second' where id = $1`, [first!.id]);
    const reaped = await endRuns(database.pool, [{ runId: first!.id, epoch: first!.epoch, status: 'lost', errorMessage: 'lost: worker old-owner stopped renewing its lease', retryInMs: 0, onlyIfExpired: true }]);
    expect(reaped.ended).toEqual([first!.id]);
    const [second] = await claimRuns(database.pool, 'new-owner', 1, 30);
    expect(second!.attempt).toBe(2);

    // The old owner wakes up and reports success, twice (a retried write).
    for (let i = 0; i < 2; i++) {
      const late = await endRuns(database.pool, [{ runId: first!.id, epoch: first!.epoch, status: 'succeeded', result: { sent: true }, retryInMs: null }]);
      expect(late).toEqual({ ended: [], late: i === 0 ? [first!.id] : [] });
    }
    // A stale epoch on the same row (a run handed back and claimed again) ends nothing either.
    expect(await endRuns(database.pool, [{ runId: second!.id, epoch: second!.epoch - 1, status: 'failed', retryInMs: null }])).toEqual({ ended: [], late: [] });

    const runs = await runsOf(database, task.id);
    expect(runs.map((r) => [r.attempt, r.status, r.worker_id])).toEqual([
      [1, 'lost', 'old-owner'],
      [2, 'running', 'new-owner'],
    ]);
    expect(runs[0]!.error_message).toBe('lost: worker old-owner stopped renewing its lease; its worker finished it after its lease was lost: succeeded');
    expect(runs[0]!.result).toEqual({ sent: true });
    const { rows } = await database.pool.query('select total_runs, failed_count, succeeded_count from task_state where task_id = $1', [task.id]);
    // The lost attempt was retried: a retry chain counts once, by its last attempt (still running).
    expect(rows[0]).toEqual({ total_runs: 1, failed_count: 0, succeeded_count: 0 });
  });
});

describe('what a handler hands back', () => {
  it('a NUL in a result, a key or an error does not fail the batch it is in', async () => {
    const task = await makeTask(database, { name: 'nul', schedule: manual, policy: { concurrency: 'allow', maxConcurrent: 3 } });
    await queue(task.id, 3);
    const [a, b, c] = await claimRuns(database.pool, 'w', 3, 30);
    const ended = await endRuns(database.pool, [
      { runId: a!.id, epoch: a!.epoch, status: 'succeeded', result: { out: 'bin\u0000ary', ['k\u0000']: [1, 'x\u0000'] }, retryInMs: null },
      { runId: b!.id, epoch: b!.epoch, status: 'failed', errorMessage: 'bad\u0000byte', errorStack: 'at\u0000x', retryInMs: null },
      { runId: c!.id, epoch: c!.epoch, status: 'succeeded', result: { fine: true }, retryInMs: null },
    ]);
    expect(ended.ended.sort()).toEqual([a!.id, b!.id, c!.id].sort());
    const { rows } = await database.pool.query('select result, error_message from runs where id = any($1) order by id', [[a!.id, b!.id]]);
    expect(rows).toEqual([
      { result: { out: 'bin\ufffdary', 'k\ufffd': [1, 'x\ufffd'] }, error_message: null },
      { result: null, error_message: 'bad\ufffdbyte' },
    ]);
  });
});

describe('daily stats', () => {
  it('count a retry chain once, by its last attempt: two failures then a success is one success', async () => {
    const task = await makeTask(database, { name: 'flaky', schedule: manual, policy: { maxAttempts: 3, backoffSeconds: 0 } });
    const hopeless = await makeTask(database, { name: 'hopeless', schedule: manual, policy: { maxAttempts: 2, backoffSeconds: 0 } });
    const attempt = async (taskId: string, status: 'failed' | 'timed_out' | 'succeeded', retry: boolean) => {
      const [run] = await claimRuns(database.pool, 'w', 1, 30);
      expect(run!.taskId).toBe(taskId);
      await endRuns(database.pool, [{ runId: run!.id, epoch: run!.epoch, status, retryInMs: retry ? 0 : null, errorMessage: status === 'succeeded' ? null : 'boom' }]);
    };
    await queue(task.id, 1);
    await attempt(task.id, 'failed', true);
    await attempt(task.id, 'timed_out', true);
    await attempt(task.id, 'succeeded', false);
    await queue(hopeless.id, 1);
    await attempt(hopeless.id, 'failed', true);
    await attempt(hopeless.id, 'failed', false);

    expect(await taskStats(database.db, task.id, 1)).toMatchObject({ successRate: 1, counts: { succeeded: 1, failed: 0, timed_out: 0, retried: 2 } });
    expect(await taskStats(database.db, hopeless.id, 1)).toMatchObject({ successRate: 0, counts: { succeeded: 0, failed: 1, retried: 1 } });
    const state = await database.pool.query('select task_id, succeeded_count, failed_count, consecutive_failures from task_state where task_id = any($1) order by succeeded_count desc', [[task.id, hopeless.id]]);
    expect(state.rows).toEqual([
      { task_id: task.id, succeeded_count: 1, failed_count: 0, consecutive_failures: 0 },
      { task_id: hopeless.id, succeeded_count: 0, failed_count: 1, consecutive_failures: 1 },
    ]);
    // Every attempt stays in the history.
    expect((await database.pool.query('select count(*)::int as n from runs where task_id = $1', [task.id])).rows[0].n).toBe(3);
  });

  it('a day whose first stats row came from a skipped slot keeps every duration in its histogram', async () => {
    const task = await makeTask(database, { name: 'skipped first', policy: { concurrency: 'forbid' } });
    await queue(task.id, 1);
    const [run] = await claimRuns(database.pool, 'w', 1, 30);
    // A slot fires while the run is running: recorded skipped, and it creates today's stats row.
    await database.pool.query('update tasks set next_run_at = now() - interval $$1 second$$ where id = $1', [task.id]);
    await fireDue(database.pool);
    const { rows: before } = await database.pool.query<{ skipped: number; duration_buckets: number[] }>('select skipped, duration_buckets from task_stats_daily where task_id = $1', [task.id]);
    expect(before[0]!.skipped).toBeGreaterThanOrEqual(1);
    expect(before[0]!.duration_buckets).toEqual([]);

    await endRuns(database.pool, [{ runId: run!.id, epoch: run!.epoch, status: 'succeeded', retryInMs: null }]);
    const { rows } = await database.pool.query<{ total: number; succeeded: number; duration_buckets: number[] }>('select total, succeeded, duration_buckets from task_stats_daily where task_id = $1', [task.id]);
    expect(rows[0]!.duration_buckets).toHaveLength(DURATION_BUCKETS_MS.length + 1);
    expect(rows[0]!.duration_buckets.reduce((a, b) => a + b, 0)).toBe(1);
    expect(rows[0]).toMatchObject({ total: before[0]!.skipped + 1, succeeded: 1 });
  });

  it('a batch of ends counts each run once and keeps the failure streak of the last ones', async () => {
    const task = await makeTask(database, { name: 'batch', schedule: manual, policy: { concurrency: 'allow', maxConcurrent: 10 } });
    await queue(task.id, 5);
    const runs = await claimRuns(database.pool, 'w', 5, 30);
    const statuses = ['failed', 'succeeded', 'failed', 'timed_out', 'cancelled'] as const;
    const result = await endRuns(database.pool, runs.map((r, i) => ({ runId: r.id, epoch: r.epoch, status: statuses[i]!, retryInMs: null })));
    expect(result.ended).toHaveLength(5);
    const { rows } = await database.pool.query('select total_runs, succeeded_count, failed_count, consecutive_failures, last_status from task_state where task_id = $1', [task.id]);
    expect(rows[0]).toEqual({ total_runs: 5, succeeded_count: 1, failed_count: 3, consecutive_failures: 2, last_status: 'cancelled' });
    const { rows: day } = await database.pool.query<{ duration_buckets: number[] }>('select duration_buckets from task_stats_daily where task_id = $1', [task.id]);
    expect(day[0]!.duration_buckets.reduce((a, b) => a + b, 0)).toBe(5);
  });
});

describe('claims', () => {
  it('asking for 10 returns 10 when 10 are runnable, however the queue is ordered', async () => {
    // Five tasks that may each run one at a time, each with a long queue, oldest first in turn.
    const tasks = [];
    for (let i = 0; i < 5; i++) tasks.push(await makeTask(database, { name: `one at a time ${i}`, schedule: manual, policy: { concurrency: 'queue' } }));
    for (const t of tasks) await queue(t.id, 40);
    const wide = await makeTask(database, { name: 'many at once', schedule: manual, policy: { concurrency: 'allow', maxConcurrent: 50 } });
    await queue(wide.id, 20);
    const claimed = await claimRuns(database.pool, 'w', 10, 30);
    expect(claimed).toHaveLength(10);
    const perTask = new Map<string, number>();
    for (const r of claimed) perTask.set(r.taskId, (perTask.get(r.taskId) ?? 0) + 1);
    for (const t of tasks) expect(perTask.get(t.id)).toBe(1);
    expect(perTask.get(wide.id)).toBe(5);
    expect(claimed[0]).toMatchObject({ handler: 'noop', epoch: 1 });
    // The one-at-a-time tasks are full now: the next claim takes only from the wide one.
    const next = await claimRuns(database.pool, 'w', 30, 30);
    expect(next.map((r) => r.taskId)).toEqual(Array(15).fill(wide.id));
  });

  it("finds a newer task's runs behind a full task's deep backlog", async () => {
    const deep = await makeTask(database, { name: 'deep backlog', schedule: manual, policy: { concurrency: 'allow', maxConcurrent: 2 } });
    await queue(deep.id, 600);
    const behind = await makeTask(database, { name: 'behind it', schedule: manual, policy: { concurrency: 'allow', maxConcurrent: 5 } });
    await queue(behind.id, 3);
    const claimed = await claimRuns(database.pool, 'w', 10, 30);
    const count = (taskId: string) => claimed.filter((r) => r.taskId === taskId).length;
    expect({ deep: count(deep.id), behind: count(behind.id) }).toEqual({ deep: 2, behind: 3 });
    expect(await claimRuns(database.pool, 'w', 10, 30)).toEqual([]);
  });
});

describe('partial runs', () => {
  it('one batch of ends marks only the succeeded runs whose items partly failed, and counts them in the day', async () => {
    const task = await makeTask(database, { name: 'items', schedule: manual, policy: { concurrency: 'allow', maxConcurrent: 4 } });
    await queue(task.id, 4);
    const claimed = (await claimRuns(database.pool, 'w', 4, 30)).sort((a, b) => a.id - b.id);
    const some = { total: 4, succeeded: 3, failed: 1 };
    const results = [some, { ...some, succeeded: 4, failed: 0 }, some, { status: 200, body: some }];
    const statuses = ['succeeded', 'succeeded', 'failed', 'succeeded'] as const;
    await endRuns(database.pool, claimed.map((r, i) => ({ runId: r.id, epoch: r.epoch, status: statuses[i]!, result: results[i], retryInMs: null })));
    const { rows } = await database.pool.query('select id, partial from runs where task_id = $1 order by id', [task.id]);
    expect(rows.map((r) => r.partial)).toEqual([true, false, false, true]);
    const stats = await taskStats(database.db, task.id, 1);
    expect(stats.counts).toMatchObject({ succeeded: 3, failed: 1, partial: 2 });
  });
});
