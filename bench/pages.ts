import { spawn } from 'node:child_process';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import pg from 'pg';
import { createDb } from '../db/client';
import { users } from '../db/schema';
import { hashPassword } from '../lib/auth/password';
import { ensureBuild } from '../lib/launcher/build';
import { rootDir } from '../lib/launcher/children';
import { freePort } from '../lib/launcher/ports';
import { createTask } from '../lib/tasks/service';
import type { BenchServer } from './database';

// (c) Dashboard pages: 1,000 tasks and 100,000 runs seeded, then each page fetched through
// the production web server as a signed-in admin. The figure is the server's response time:
// request sent to the whole HTML received.

const SECRET = 'bench-secret-that-is-long-enough-for-next-auth';
const say = (m: string) => process.stdout.write(`${m}\n`);
const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];

async function seed(pool: pg.Pool, tasks: number, runs: number): Promise<{ taskId: string; runId: number; cookie: string }> {
  const db = createDb(pool);
  for (let i = 0; i < tasks; i++) {
    const schedule = i % 3 === 0 ? { kind: 'interval' as const, everySeconds: 3600 + i } : { kind: 'cron' as const, expression: `${i % 60} ${i % 24} * * *`, timezone: zones[i % zones.length]! };
    const r = await createTask(db, { name: `bench task ${String(i).padStart(4, '0')}`, handler: 'noop', schedule, tags: [`team-${i % 7}`] }, { minIntervalSeconds: 1 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  }
  // Runs spread over 30 days, one slot per task per few minutes; 1 in 12 fails, 1 in 40 is skipped.
  await pool.query(
    `insert into runs (task_id, trigger, status, reason, scheduled_for, started_at, finished_at, duration_ms, lag_ms, attempt)
     select t.id, 'schedule',
       case when g % 40 = 0 then 'skipped' when g % 12 = 0 then 'failed' else 'succeeded' end,
       case when g % 40 = 0 then 'the previous run was still running (forbid)' end,
       s.at, s.at + interval '40 ms', s.at + make_interval(secs => (g % 900) / 100.0), (g % 900) * 10, 40, 1
     from generate_series(1, $1::int) g
     cross join lateral (select now() - make_interval(secs => g * 26) as at) s
     join (select id, row_number() over (order by id) - 1 as n from tasks) t on t.n = g % $2::int`,
    [runs, tasks],
  );
  await pool.query(`insert into run_logs (run_id, seq, level, message) select r.id, s, 'info', 'line ' || s from (select id from runs order by id desc limit 1000) r, generate_series(1, 20) s`);
  await pool.query(`
    insert into task_stats_daily (task_id, day, total, succeeded, failed, skipped, duration_ms_sum, duration_ms_max)
    select task_id, (scheduled_for at time zone 'UTC')::date, count(*), count(*) filter (where status = 'succeeded'), count(*) filter (where status = 'failed'),
      count(*) filter (where status = 'skipped'), coalesce(sum(duration_ms), 0), coalesce(max(duration_ms), 0)
    from runs group by 1, 2`);
  await pool.query(`
    insert into task_state (task_id, last_run_at, last_status, total_runs, succeeded_count, failed_count, consecutive_failures)
    select task_id, max(scheduled_for), (array_agg(status order by id desc))[1], count(*),
      count(*) filter (where status = 'succeeded'), count(*) filter (where status = 'failed'),
      case when (array_agg(status order by id desc))[1] = 'failed' then 1 else 0 end
    from runs group by task_id`);
  await pool.query('analyze');
  const [admin] = await db.insert(users).values({ email: 'bench@bench.test', role: 'admin', passwordHash: await hashPassword('bench password 123') }).returning();
  const token = await encode({ token: { sub: admin!.id, email: admin!.email, role: 'admin' }, secret: SECRET });
  const { rows } = await pool.query<{ task_id: string; id: string }>(`select task_id, id from runs where status = 'failed' order by id desc limit 1`);
  return { taskId: rows[0]!.task_id, runId: Number(rows[0]!.id), cookie: `next-auth.session-token=${token}` };
}

async function time(url: string, cookie: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  await res.text();
  return { ms: performance.now() - started, status: res.status };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export async function pageTimes(server: BenchServer, tasks = 1000, runs = 100_000, samples = 15): Promise<void> {
  await ensureBuild((m) => say(`    ${m}`));
  const database = await server.database('pages');
  try {
    await timePages(database.url, tasks, runs, samples);
  } finally {
    await database.drop();
  }
}

async function timePages(url: string, tasks: number, runs: number, samples: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  await pool.query('truncate runs, tasks, users cascade');
  const seeded = performance.now();
  const { taskId, runId, cookie } = await seed(pool, tasks, runs);
  await pool.end();
  say(`\ndashboard pages: ${tasks} tasks and ${runs} runs seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s; median and p95 of ${samples} loads each, after 3 warm-ups`);
  const port = await freePort();
  const web = spawn(process.execPath, ['--import', 'tsx', path.join(rootDir, 'bin/web.ts')], {
    cwd: rootDir,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', AUTH_SECRET: SECRET, NEXTAUTH_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 120 && !(await fetch(`${base}/api/health`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 500));
    const pages = ['/', '/tasks', '/tasks?sort=nextRun', '/tasks?q=task%2009&status=failed', `/tasks/${taskId}`, `/tasks/${taskId}/edit`, '/tasks/new', `/runs/${runId}`, '/users', '/api-keys', '/settings', '/audit'];
    for (const page of pages) {
      for (let i = 0; i < 3; i++) await time(base + page, cookie);
      const results = [];
      for (let i = 0; i < samples; i++) results.push(await time(base + page, cookie));
      const ms = results.map((r) => r.ms);
      const statuses = [...new Set(results.map((r) => r.status))].join(',');
      say(`    ${page.padEnd(48)} median ${percentile(ms, 0.5).toFixed(0).padStart(4)} ms, p95 ${percentile(ms, 0.95).toFixed(0).padStart(4)} ms (HTTP ${statuses})`);
    }
  } finally {
    web.kill('SIGTERM');
    await new Promise((r) => web.once('exit', r));
  }
}
