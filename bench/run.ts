import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { createDb } from '../db/client';
import { createTask } from '../lib/tasks/service';
import { rootDir } from '../lib/launcher/children';
import { Worker } from '../worker/worker';
import { benchDatabase, type BenchDatabase } from './database';
import { pageTimes } from './pages';

// `npm run bench`: prints engine figures. No pass or fail; compare runs on one machine.

const limits = { minIntervalSeconds: 1 };
const say = (m: string) => process.stdout.write(`${m}\n`);

async function lifecycle(database: BenchDatabase, runs = 10_000, concurrency = 10): Promise<void> {
  const pool = new pg.Pool({ connectionString: database.url, max: concurrency + 5 });
  const db = createDb(pool);
  const task = await createTask(db, { name: 'bench noop', handler: 'noop', schedule: { kind: 'manual' }, policy: { concurrency: 'allow', maxConcurrent: concurrency } }, limits);
  if (!task.ok) throw new Error(JSON.stringify(task.errors));
  const worker = new Worker({ pool, db, id: 'bench-1', log: pino({ level: 'warn' }), schedulerEnabled: false, concurrency });
  const started = performance.now();
  await pool.query(
    `insert into runs (task_id, trigger, status, scheduled_for) select $1, 'api', 'queued', now() from generate_series(1, $2)`,
    [task.value.id, runs],
  );
  await worker.start();
  let done = 0;
  while (done < runs) {
    await new Promise((r) => setTimeout(r, 100));
    done = (await pool.query<{ n: number }>(`select count(*)::int as n from runs where status = 'succeeded'`)).rows[0]!.n;
  }
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  const stats = await pool.query<{ total: number; succeeded: number }>('select sum(total)::int as total, sum(succeeded)::int as succeeded from task_stats_daily');
  await pool.end();
  say(`(a) lifecycle: ${runs} no-op runs inserted, claimed, run and completed at concurrency ${concurrency} on one worker`);
  say(`    ${seconds.toFixed(1)} s, ${Math.round(runs / seconds)} runs/s (stats rows count ${stats.rows[0]!.succeeded} succeeded)`);
}

async function fireLag(database: BenchDatabase, tasks = 1000, seconds = 30, workers = 2): Promise<void> {
  const pool = new pg.Pool({ connectionString: database.url, max: 5 });
  const db = createDb(pool);
  await pool.query('truncate runs, tasks cascade');
  for (let i = 0; i < tasks; i++) {
    const r = await createTask(db, { name: `lag ${i}`, handler: 'noop', schedule: { kind: 'cron', expression: '* * * * * *', timezone: 'UTC' } }, limits);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  }
  const procs = Array.from({ length: workers }, (_, i) =>
    spawn(process.execPath, ['--import', 'tsx', path.join(rootDir, 'worker/index.ts')], {
      cwd: rootDir,
      env: { ...process.env, DATABASE_URL: database.url, SUNDIAL_WORKER_ID: `lag-${i + 1}`, SUNDIAL_WORKER_CONCURRENCY: '10', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  const exits = procs.map((p) => new Promise((r) => p.once('exit', r)));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await pool.query('update tasks set enabled = false, next_run_at = null');
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(exits);
  const { rows } = await pool.query<Record<string, number>>(`
    select count(*)::int as slots,
      count(*) filter (where started_at is not null)::int as started,
      count(*) filter (where status = 'skipped')::int as skipped,
      percentile_cont(0.5) within group (order by lag_ms) as p50,
      percentile_cont(0.99) within group (order by lag_ms) as p99,
      max(lag_ms) as max
    from runs where trigger = 'schedule'`);
  await pool.end();
  const r = rows[0]!;
  say(`(b) fire lag (started_at - scheduled_for): ${tasks} tasks on an every-second cron, ${seconds} s, ${workers} workers`);
  say(`    p50 ${Math.round(r.p50!)} ms, p99 ${Math.round(r.p99!)} ms, max ${r.max} ms (${r.slots} slots, ${r.started} started, ${r.skipped} skipped under forbid)`);
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  say(`database: ${database.label}`);
  try {
    // `npm run bench -- pages` runs only the page figures; no argument runs everything.
    const only = process.argv[2];
    if (!only || only === 'engine') {
      await lifecycle(database);
      await fireLag(database);
    }
    if (!only || only === 'pages') await pageTimes(database);
  } finally {
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
