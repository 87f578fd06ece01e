import pg from 'pg';
import pino from 'pino';
import { createDb } from '../db/client';
import { createTask, triggerRun } from '../lib/tasks/service';
import { Worker } from '../worker/worker';
import { measureCpu } from './cpu';
import { sleep } from './report';

/**
 * Sundial's lifecycle in this process: `runs` no-op runs queued through triggerRun (as
 * the API does), then one Worker at `concurrency` claims, runs and records each, with
 * history and daily stats. Timed from worker.start() until every run has succeeded.
 */
export async function sundialLifecycle(url: string, runs: number, concurrency: number, round: number) {
  const pool = new pg.Pool({ connectionString: url, max: concurrency + 5 });
  const db = createDb(pool);
  const task = await createTask(
    db,
    { name: `lifecycle ${round}`, handler: 'noop', schedule: { kind: 'manual' }, policy: { concurrency: 'allow', maxConcurrent: concurrency * 4 } },
    { minIntervalSeconds: 1 },
  );
  if (!task.ok) throw new Error(JSON.stringify(task.errors));
  const taskId = task.value.id;
  const queueing = performance.now();
  let queued = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (queued < runs) {
        queued++;
        const r = await triggerRun(db, taskId, { trigger: 'api' });
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
      }
    }),
  );
  const queueMs = performance.now() - queueing;
  const log = pino({ level: 'warn' }, pino.destination(2));
  const worker = new Worker({ pool, db, id: `bench-lifecycle-${round}`, log, schedulerEnabled: false, concurrency });
  const succeeded = async () =>
    (await pool.query<{ n: number }>(`select count(*)::int as n from runs where task_id = $1 and status = 'succeeded'`, [taskId])).rows[0]!.n;
  const cpu = await measureCpu(pool);
  const started = performance.now();
  await worker.start();
  while ((await succeeded()) < runs) await sleep(100);
  const ms = performance.now() - started;
  const use = await cpu();
  await worker.stop();
  const { rows } = await pool.query<{ n: number }>(`select coalesce(sum(succeeded), 0)::int as n from task_stats_daily where task_id = $1`, [taskId]);
  await pool.end();
  return { ms, queueMs, statsSucceeded: rows[0]!.n, cpu: use };
}
