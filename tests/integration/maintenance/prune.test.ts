import { describe, expect, it } from 'vitest';
import { pruneHistory } from '../../../db/queries/maintenance/prune';
import { retentionCutoffs } from '../../../lib/settings/retention';
import { ensureBuiltinTasks } from '../../../lib/builtin/ensure';
import { PRUNE_TASK } from '../../../lib/builtin/tasks';
import { triggerRun } from '../../../lib/tasks/service';
import { PRUNE_LOCK } from '../../../worker/tasks/prune';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { limits, makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

const database = withTestDatabase();
const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const retention = { runsDays: 90, logsDays: 14 };

async function run(taskId: string, r: { status: string; createdDaysAgo: number; finishedDaysAgo?: number; rootRunId?: number; trigger?: string }): Promise<number> {
  const created = daysAgo(r.createdDaysAgo);
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into runs (task_id, trigger, status, scheduled_for, created_at, started_at, finished_at, root_run_id, attempt)
     values ($1, $2, $3, $4, $4, $4, $5, $6, $7) returning id`,
    [taskId, r.trigger ?? 'manual', r.status, created, r.finishedDaysAgo === undefined ? null : daysAgo(r.finishedDaysAgo), r.rootRunId ?? null, r.rootRunId ? 2 : 1],
  );
  return Number(rows[0]!.id);
}

async function logs(runId: number, ...ages: number[]): Promise<void> {
  for (const [i, age] of ages.entries()) {
    await database.pool.query(`insert into run_logs (run_id, seq, message, created_at) values ($1, $2, 'line', $3)`, [runId, i + 1, daysAgo(age)]);
  }
}

const ids = async (table: string) => (await database.pool.query<{ id: string }>(`select id from ${table} order by 1`)).rows.map((r) => String(r.id));

describe('pruning history', () => {
  it('deletes ended runs and log lines past retention, keeps active runs, whole retry chains and daily stats', async () => {
    const task = await makeTask(database, { name: 'pruned', schedule: { kind: 'manual' } });
    const oldDone = await run(task.id, { status: 'succeeded', createdDaysAgo: 100, finishedDaysAgo: 100 });
    await logs(oldDone, 100, 100);
    const recentDone = await run(task.id, { status: 'failed', createdDaysAgo: 10, finishedDaysAgo: 10 });
    await logs(recentDone, 10);
    const midDone = await run(task.id, { status: 'succeeded', createdDaysAgo: 30, finishedDaysAgo: 30 });
    await logs(midDone, 30, 30);
    const oldQueued = await run(task.id, { status: 'queued', createdDaysAgo: 200 });
    const oldRunning = await run(task.id, { status: 'running', createdDaysAgo: 200 });
    // Created long ago, ended yesterday (a long run): kept, since retention counts from the end.
    const longRun = await run(task.id, { status: 'succeeded', createdDaysAgo: 120, finishedDaysAgo: 1 });
    // A retry chain whose last attempt is recent stays whole; a chain that is all old goes.
    const keptRoot = await run(task.id, { status: 'failed', createdDaysAgo: 95, finishedDaysAgo: 95 });
    const keptRetry = await run(task.id, { status: 'succeeded', trigger: 'retry', createdDaysAgo: 95, finishedDaysAgo: 5, rootRunId: keptRoot });
    const goneRoot = await run(task.id, { status: 'failed', createdDaysAgo: 99, finishedDaysAgo: 99 });
    await run(task.id, { status: 'failed', trigger: 'retry', createdDaysAgo: 99, finishedDaysAgo: 98, rootRunId: goneRoot });
    await database.pool.query(`insert into task_stats_daily (task_id, day, total, succeeded) values ($1, '2026-01-01', 3, 3)`, [task.id]);
    await database.pool.query(`insert into sign_in_attempts (email, ip, succeeded, created_at) values ('a@x', '1', false, $1), ('b@x', '1', false, $2)`, [daysAgo(2), daysAgo(0.1)]);
    await database.pool.query(
      `insert into workers (id, hostname, pid, version, status, last_heartbeat_at) values ('gone', 'h', 1, 'v', 'stopped', $1), ('crashed', 'h', 2, 'v', 'running', $1), ('recent', 'h', 3, 'v', 'stopped', $2)`,
      [daysAgo(8), daysAgo(1)],
    );
    // Batch items' rate-limit starts: the longest window is 30 days, so 31 are kept.
    await database.pool.query(`insert into rate_limit_events (key, at) values ('old', $1), ('kept', $2)`, [daysAgo(31.5), daysAgo(30.5)]);

    await database.pool.query(
      `insert into outbox (target, event, dedupe_key, data, status, created_at) values
         ('a@x', 'test', 'old sent', '{}', 'sent', $1), ('a@x', 'test', 'old dead', '{}', 'dead', $1),
         ('a@x', 'test', 'old pending', '{}', 'pending', $1), ('a@x', 'test', 'recent sent', '{}', 'sent', $2)`,
      [daysAgo(100), daysAgo(10)],
    );

    const result = await pruneHistory(database.pool, { ...retentionCutoffs(NOW, retention), now: NOW });

    expect(result).toMatchObject({ runLogs: { deleted: 4, done: true }, runs: { deleted: 3, done: true }, outbox: { deleted: 2 }, signInAttempts: { deleted: 1 }, workers: { deleted: 2 }, rateLimitEvents: { deleted: 1, done: true } });
    const { rows: messages } = await database.pool.query<{ dedupe_key: string }>('select dedupe_key from outbox order by dedupe_key');
    expect(messages.map((m) => m.dedupe_key)).toEqual(['old pending', 'recent sent']);
    expect((await ids('runs')).map(Number).sort((a, b) => a - b)).toEqual([recentDone, midDone, oldQueued, oldRunning, longRun, keptRoot, keptRetry].sort((a, b) => a - b));
    const { rows: left } = await database.pool.query<{ run_id: string }>('select run_id from run_logs');
    expect(left.map((r) => Number(r.run_id))).toEqual([recentDone]);
    expect((await database.pool.query('select * from task_stats_daily')).rowCount).toBe(1);
    expect((await database.pool.query<{ email: string }>('select email from sign_in_attempts')).rows).toEqual([{ email: 'b@x' }]);
    expect(await ids('workers')).toEqual(['recent']);
    expect((await database.pool.query<{ key: string }>('select key from rate_limit_events')).rows).toEqual([{ key: 'kept' }]);

    // Nothing more is old: a second call deletes nothing.
    const again = await pruneHistory(database.pool, { ...retentionCutoffs(NOW, retention), now: NOW });
    expect(Object.values(again).map((c) => c.deleted)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('deletes in bounded batches, stops at the per-call cap, and leaves runs until their logs are caught up', async () => {
    const task = await makeTask(database, { name: 'batched', schedule: { kind: 'manual' } });
    const old = await run(task.id, { status: 'succeeded', createdDaysAgo: 400, finishedDaysAgo: 400 });
    await logs(old, ...Array.from({ length: 25 }, () => 400));

    const first = await pruneHistory(database.pool, { ...retentionCutoffs(NOW, retention), now: NOW, batchSize: 10, maxBatches: 2 });
    expect(first.runLogs).toEqual({ deleted: 20, batches: 2, done: false });
    expect(first.runs).toEqual({ deleted: 0, batches: 0, done: false });
    expect((await database.pool.query('select 1 from run_logs where run_id = $1', [old])).rowCount).toBe(5);
    expect((await database.pool.query('select 1 from runs where id = $1', [old])).rowCount).toBe(1);

    const second = await pruneHistory(database.pool, { ...retentionCutoffs(NOW, retention), now: NOW, batchSize: 10, maxBatches: 2 });
    expect(second.runLogs).toEqual({ deleted: 5, batches: 1, done: true });
    expect(second.runs).toMatchObject({ deleted: 1, done: true });
    expect((await database.pool.query('select 1 from runs where id = $1', [old])).rowCount).toBe(0);
  });

  it('is the built-in "Prune history" task: a test run counts and deletes nothing, a run deletes, and one skips while another holds the lock', async () => {
    await ensureBuiltinTasks(database.db, limits);
    const { rows } = await database.pool.query<{ id: string; handler: string; tags: string[]; enabled: boolean }>('select id, handler, tags, enabled from tasks where name = $1', [PRUNE_TASK]);
    expect(rows).toEqual([{ id: expect.any(String), handler: 'sundial.prune', tags: ['sundial'], enabled: true }]);
    const taskId = rows[0]!.id;
    // Real time here: the run's cutoffs come from the database clock. The rows the tests above left are old by it too.
    await database.pool.query('delete from runs');
    const other = await makeTask(database, { name: 'pruned for real', schedule: { kind: 'manual' } });
    const old = await database.pool.query<{ id: string }>(
      `insert into runs (task_id, trigger, status, scheduled_for, started_at, finished_at) values ($1, 'manual', 'succeeded', now() - interval '400 days', now() - interval '400 days', now() - interval '400 days') returning id`,
      [other.id],
    );
    await database.pool.query(`insert into run_logs (run_id, seq, message, created_at) values ($1, 1, 'old', now() - interval '400 days')`, [old.rows[0]!.id]);
    const oldRuns = async () => (await database.pool.query('select 1 from runs where id = $1', [old.rows[0]!.id])).rowCount;

    const worker = testWorker(database, { id: 'prune-w', schedulerEnabled: false });
    await worker.start();
    const runOnce = async (testMode = false) => {
      const queued = await triggerRun(database.db, taskId, { trigger: 'manual', testMode });
      if (!queued.ok) throw new Error('could not queue');
      const id = queued.value.runId;
      await waitUntil(async () => (await runsOf(database, taskId)).some((r) => r.id === id && r.status === 'succeeded'), 10_000, 'the prune run');
      return (await runsOf(database, taskId)).find((r) => r.id === id)!.result;
    };
    const holder = await database.pool.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [PRUNE_LOCK]);
      expect(await runOnce()).toEqual({ skipped: true });
      await holder.query('select pg_advisory_unlock($1)', [PRUNE_LOCK]);

      expect(await runOnce(true)).toMatchObject({ deleted: { runLogs: 1, runs: 1 }, done: true, testMode: true });
      expect(await oldRuns()).toBe(1);
      expect(await runOnce()).toMatchObject({ deleted: { runLogs: 1, runs: 1 }, done: true, testMode: false });
      expect(await oldRuns()).toBe(0);
    } finally {
      holder.release();
      await worker.stop();
    }
  });
});
