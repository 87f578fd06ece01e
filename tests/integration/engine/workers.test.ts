import { describe, expect, it } from 'vitest';
import { triggerRun } from '../../../lib/tasks/service';
import { withTestDatabase } from '../../helpers/db';
import { cleanEnv, killedAfterEach, runEntry, waitUntil, type Proc } from '../../helpers/processes';
import { everySecondSlotGrid } from '../../helpers/slots';
import { makeTask, runsOf } from '../../helpers/tasks';

// Real worker processes (`npm run start:worker`) against one database.

const database = withTestDatabase();
const procs = killedAfterEach();

async function startWorker(id: string, env: Record<string, string> = {}): Promise<Proc> {
  const proc = runEntry('worker/index.ts', cleanEnv({ DATABASE_URL: database.url, SUNDIAL_WORKER_ID: id, LOG_LEVEL: 'info', ...env }));
  procs.push(proc);
  await proc.waitFor('worker started', 60_000);
  return proc;
}

const dbNow = async () => (await database.pool.query<{ now: Date }>('select now()')).rows[0]!.now;

describe('several workers on one database', () => {
  it('3 workers, 200 every-second tasks, 20 s: every slot has exactly one run and none is missing', async () => {
    const workers = await Promise.all(['w1', 'w2', 'w3'].map((id) => startWorker(id)));
    for (let i = 0; i < 200; i++) await makeTask(database, { name: `every second ${i}` });
    await new Promise((r) => setTimeout(r, 20_000));
    for (const w of workers) process.kill(w.pid, 'SIGTERM');
    expect((await Promise.all(workers.map((w) => w.exit))).map((e) => e.code)).toEqual([0, 0, 0]);
    await database.pool.query('update tasks set enabled = false, next_run_at = null');

    const grid = await everySecondSlotGrid(database.pool);
    const { rows } = await database.pool.query(`
      select
        (select count(*)::int from runs where status = 'missed') as missed,
        (select count(*)::int from runs where status = 'skipped' and reason not like '%previous run is still queued or running%') as skipped_otherwise,
        (select count(*)::int from runs where status = 'succeeded') as succeeded,
        (select count(distinct worker_id)::int from runs where worker_id is not null) as workers_that_ran`);
    // Slots are fired even when execution lags: under forbid a slot whose previous run is
    // still queued is recorded as skipped, never dropped and never doubled.
    expect(grid).toMatchObject({ tasks: 200, missing: 0, duplicated: 0 });
    expect(grid.shortest_span).toBeGreaterThanOrEqual(17);
    expect(rows[0]).toMatchObject({ missed: 0, skipped_otherwise: 0, workers_that_ran: 3 });
    expect(rows[0].succeeded).toBeGreaterThan(2000);
  });

  it('kill -9 of a worker mid-run with a 5 s lease: the run is lost and a retry runs on another worker within lease + 5 s', async () => {
    const env = { SUNDIAL_LEASE_SECONDS: '5' };
    const workers = { a: await startWorker('kill-a', env), b: await startWorker('kill-b', env) };
    const task = await makeTask(database, {
      name: 'ten seconds',
      handler: 'sleep',
      config: { seconds: 10 },
      schedule: { kind: 'manual' },
      policy: { maxAttempts: 2, backoffSeconds: 0 },
    });
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'running', 5000, 'the run to start');
    await new Promise((r) => setTimeout(r, 2000));
    const victim = (await runsOf(database, task.id))[0]!.worker_id as 'kill-a' | 'kill-b';
    const survivor = victim === 'kill-a' ? 'kill-b' : 'kill-a';
    const killedAt = await dbNow();
    process.kill(workers[victim === 'kill-a' ? 'a' : 'b'].pid, 'SIGKILL');

    await waitUntil(async () => (await runsOf(database, task.id)).some((r) => r.attempt === 2 && r.started_at), 15_000, 'the retry to start');
    const [lost, retry] = await runsOf(database, task.id);
    expect(lost).toMatchObject({ status: 'lost', worker_id: victim, attempt: 1 });
    expect(lost!.error_message).toMatch(/stopped renewing its lease/);
    expect(retry).toMatchObject({ attempt: 2, trigger: 'retry', worker_id: survivor, root_run_id: lost!.id });
    expect((retry!.started_at!.getTime() - killedAt.getTime()) / 1000).toBeLessThanOrEqual(5 + 5);

    await waitUntil(async () => (await runsOf(database, task.id))[1]?.status === 'succeeded', 15_000, 'the retry to succeed');
    const { rows } = await database.pool.query(`select count(*)::int as n from runs where task_id = $1 and status = 'running'`, [task.id]);
    expect(rows[0].n).toBe(0);
  });
});

describe('stopping a worker', () => {
  it('SIGTERM drains: no new claims, the running run finishes, the worker exits 0', async () => {
    const worker = await startWorker('drain-1', { SUNDIAL_DRAIN_TIMEOUT: '10' });
    const task = await makeTask(database, { name: 'three seconds', handler: 'sleep', config: { seconds: 3 }, schedule: { kind: 'manual' } });
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'running', 5000, 'the run to start');
    process.kill(worker.pid, 'SIGTERM');
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    expect((await worker.exit).code).toBe(0);
    const runs = await runsOf(database, task.id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'queued']);
    const { rows } = await database.pool.query(`select status from workers where id = 'drain-1'`);
    expect(rows[0].status).toBe('stopped');
  });

  it('past the drain timeout the lease is handed back, and another worker takes the run at once', async () => {
    const worker = await startWorker('drain-2', { SUNDIAL_DRAIN_TIMEOUT: '1' });
    const task = await makeTask(database, { name: 'thirty seconds', handler: 'sleep', config: { seconds: 30 }, schedule: { kind: 'manual' } });
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'running', 5000, 'the run to start');
    const stoppedAt = Date.now();
    process.kill(worker.pid, 'SIGTERM');
    expect((await worker.exit).code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    const [handed] = await runsOf(database, task.id);
    expect(handed).toMatchObject({ status: 'queued', worker_id: null });
    expect(handed!.reason).toBe('handed back by worker drain-2 while it stopped');

    await startWorker('drain-3');
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.worker_id === 'drain-3', 3000, 'another worker to take it');
  });

  it('a second signal exits at once', async () => {
    const worker = await startWorker('drain-4', { SUNDIAL_DRAIN_TIMEOUT: '60' });
    const task = await makeTask(database, { name: 'long one', handler: 'sleep', config: { seconds: 60 }, schedule: { kind: 'manual' } });
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'running', 5000, 'the run to start');
    process.kill(worker.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    const second = Date.now();
    process.kill(worker.pid, 'SIGTERM');
    const { code } = await worker.exit;
    expect(code).toBe(130);
    expect(Date.now() - second).toBeLessThan(1000);
  });
});
