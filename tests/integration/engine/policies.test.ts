import { describe, expect, it } from 'vitest';
import { backoffBoundsMs } from '../../../lib/engine/backoff';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { FIXTURE_HANDLERS } from '../../fixtures/handlers';
import { withTestDatabase } from '../../helpers/db';
import { isAlive, waitUntil } from '../../helpers/processes';
import { makeTask, runsOf, type RunRow } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

const database = withTestDatabase();
const seconds = (a: Date | null, b: Date | null) => (b!.getTime() - a!.getTime()) / 1000;

async function finished(taskId: string, count: number, timeoutMs: number): Promise<RunRow[]> {
  const terminal = ['succeeded', 'failed', 'timed_out', 'cancelled', 'lost'];
  await waitUntil(async () => (await runsOf(database, taskId)).filter((r) => terminal.includes(r.status)).length >= count, timeoutMs, `${count} finished runs`);
  return runsOf(database, taskId);
}

describe('retries', () => {
  it('a handler that fails twice then succeeds leaves 3 linked rows with backoff gaps inside the jitter bounds', async () => {
    const task = await makeTask(database, {
      name: 'flaky',
      handler: 'flaky',
      schedule: { kind: 'manual' },
      policy: { maxAttempts: 3, backoffSeconds: 1, backoffMaxSeconds: 10 },
    });
    const worker = testWorker(database, { id: 'retry-w', handlerModules: [BUILT_IN_HANDLERS, FIXTURE_HANDLERS] });
    await worker.start();
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    const runs = await finished(task.id, 3, 20_000);
    await worker.stop();

    expect(runs.map((r) => [r.attempt, r.status, r.trigger])).toEqual([
      [1, 'failed', 'manual'],
      [2, 'failed', 'retry'],
      [3, 'succeeded', 'retry'],
    ]);
    expect(runs[1]!.root_run_id).toBe(runs[0]!.id);
    expect(runs[2]!.root_run_id).toBe(runs[0]!.id);
    expect(runs[0]!.error_message).toBe('attempt 1 failed');
    const { rows } = await database.pool.query<{ id: number; not_before: Date }>('select id, not_before from runs where task_id = $1 order by id', [task.id]);
    for (const attempt of [1, 2]) {
      const gapMs = rows[attempt]!.not_before.getTime() - runs[attempt - 1]!.finished_at!.getTime();
      const { min, max } = backoffBoundsMs(attempt, 1, 10);
      expect(gapMs).toBeGreaterThanOrEqual(min - 50);
      expect(gapMs).toBeLessThanOrEqual(max + 50);
      // Claimed on the next tick after it became due.
      expect(seconds(rows[attempt]!.not_before, runs[attempt]!.started_at)).toBeLessThan(1.5);
    }
    const { rows: t } = await database.pool.query('select total_runs, failed_count, succeeded_count, consecutive_failures, last_status from task_state where task_id = $1', [task.id]);
    // A retry chain counts once, by its last attempt: two failed attempts and a success are one success.
    expect(t[0]).toEqual({ total_runs: 3, failed_count: 0, succeeded_count: 1, consecutive_failures: 0, last_status: 'succeeded' });
  });
});

describe('timeout', () => {
  it('stops the run at its timeout, marks it timed_out, and kills the child process it spawned', async () => {
    const task = await makeTask(database, {
      name: 'slow child',
      handler: 'sleep',
      config: { seconds: 60, childProcess: true },
      schedule: { kind: 'manual' },
      policy: { timeoutSeconds: 2 },
    });
    const worker = testWorker(database, { id: 'timeout-w' });
    await worker.start();
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    const [run] = await finished(task.id, 1, 15_000);
    await worker.stop();
    expect(run!.status).toBe('timed_out');
    expect(run!.error_message).toBe('timed out after 2s');
    expect(seconds(run!.started_at, run!.finished_at)).toBeGreaterThanOrEqual(1);
    expect(seconds(run!.started_at, run!.finished_at)).toBeLessThanOrEqual(3);
    const { rows } = await database.pool.query<{ message: string }>(`select message from run_logs where run_id = $1 and message like 'child process %'`, [run!.id]);
    const pid = Number(rows[0]!.message.split(' ')[2]);
    expect(pid).toBeGreaterThan(0);
    await waitUntil(() => !isAlive(pid), 2000, `child ${pid} to be gone`);
  });
});

describe('concurrency forbid', () => {
  it('records skipped fires while a slow run goes on, and never runs two at once', async () => {
    const task = await makeTask(database, { name: 'slow', handler: 'sleep', config: { seconds: 2.5 } });
    const worker = testWorker(database, { id: 'forbid-w' });
    await worker.start();
    let maxRunning = 0;
    const until = Date.now() + 7000;
    while (Date.now() < until) {
      const { rows } = await database.pool.query<{ n: number }>(`select count(*)::int as n from runs where task_id = $1 and status = 'running'`, [task.id]);
      maxRunning = Math.max(maxRunning, rows[0]!.n);
      await new Promise((r) => setTimeout(r, 100));
    }
    await worker.stop();
    const runs = await runsOf(database, task.id);
    expect(maxRunning).toBe(1);
    const skipped = runs.filter((r) => r.status === 'skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(3);
    expect(skipped[0]!.reason).toMatch(/previous run is still queued or running/);
    const ran = runs.filter((r) => r.started_at).sort((a, b) => a.started_at!.getTime() - b.started_at!.getTime());
    for (let i = 1; i < ran.length; i++) expect(ran[i]!.started_at!.getTime()).toBeGreaterThanOrEqual(ran[i - 1]!.finished_at!.getTime());
  });
});

describe('concurrency queue', () => {
  it('queues fires behind a slow run instead of skipping them, and runs them one at a time', async () => {
    const task = await makeTask(database, { name: 'queued', handler: 'sleep', config: { seconds: 1.5 }, policy: { concurrency: 'queue' } });
    const worker = testWorker(database, { id: 'queue-w', drainTimeoutSeconds: 0 });
    await worker.start();
    await new Promise((r) => setTimeout(r, 7000));
    await worker.stop();
    const runs = await runsOf(database, task.id);
    expect(runs.filter((r) => r.status === 'skipped')).toEqual([]);
    expect(runs.filter((r) => r.status === 'queued').length).toBeGreaterThanOrEqual(2);
    const ran = runs.filter((r) => r.status === 'succeeded');
    expect(ran.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < ran.length; i++) expect(ran[i]!.started_at!.getTime()).toBeGreaterThanOrEqual(ran[i - 1]!.finished_at!.getTime());
  });
});

describe('rate limit', () => {
  it('5 starts per 10 s shared by two tasks: never more in any window, and nothing fails', async () => {
    const policy = { concurrency: 'allow' as const, maxConcurrent: 10, rateLimit: { key: 'bank-api', max: 5, perSeconds: 10 } };
    const a = await makeTask(database, { name: 'sync a', policy });
    const b = await makeTask(database, { name: 'sync b', policy });
    const workers = [testWorker(database, { id: 'rl-1' }), testWorker(database, { id: 'rl-2' })];
    await Promise.all(workers.map((w) => w.start()));
    await new Promise((r) => setTimeout(r, 13_000));
    await Promise.all(workers.map((w) => w.stop()));
    const { rows: starts } = await database.pool.query<{ started_at: Date }>(
      `select started_at from runs where task_id = any($1::uuid[]) and started_at is not null order by started_at`,
      [[a.id, b.id]],
    );
    expect(starts.length).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < starts.length; i++) {
      const windowEnd = starts[i]!.started_at.getTime() + 10_000;
      expect(starts.filter((s) => s.started_at.getTime() >= starts[i]!.started_at.getTime() && s.started_at.getTime() < windowEnd).length).toBeLessThanOrEqual(5);
    }
    const { rows } = await database.pool.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from runs where task_id = any($1::uuid[]) group by 1`,
      [[a.id, b.id]],
    );
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(byStatus.failed ?? 0).toBe(0);
    expect(byStatus.queued).toBeGreaterThan(0);
    const { rows: waiting } = await database.pool.query(`select reason from runs where task_id = any($1::uuid[]) and status = 'queued' limit 1`, [[a.id, b.id]]);
    expect(waiting[0].reason).toBe('waiting for rate limit bank-api');
  });
});
