import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../db/client';
import { publishCatalog } from '../db/queries/engine/catalog';
import { createApiKey } from '../lib/auth/api-keys';
import { ensureBuild } from '../lib/launcher/build';
import { rootDir } from '../lib/launcher/children';
import { freePort } from '../lib/launcher/ports';
import { createTask } from '../lib/tasks/service';
import { catalogEntry } from '../worker/define';
import { builtInTasks } from '../worker/tasks';
import type { BenchServer } from './database';
import { Block, envInt, int, msText, percentile, say, sleep } from './report';

// Remote workers: the Python client against the production web server. One worker, runs
// queued one at a time: claim -> finish (started_at to finished_at, both on the database
// clock) and queued -> finished. Then 4 workers on a backlog: runs per second.

const SECRET = 'bench-secret-that-is-long-enough-for-next-auth';

export async function remote(server: BenchServer): Promise<void> {
  await ensureBuild((m) => say(`    ${m}`));
  const database = await server.database('remote');
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  const children: ChildProcess[] = [];
  try {
    const db = createDb(pool);
    await publishCatalog(pool, 'bench', builtInTasks.map(catalogEntry));
    const { key } = await createApiKey(db, { name: 'bench', role: 'worker', queues: ['bench'] });
    const task = await createTask(db, { name: 'bench remote', handler: 'remote', config: { queue: 'bench' }, schedule: { kind: 'manual' }, policy: { concurrency: 'allow', maxConcurrent: 1000 } }, { minIntervalSeconds: 1 });
    if (!task.ok) throw new Error(JSON.stringify(task.errors));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', AUTH_SECRET: SECRET, SUNDIAL_SECRET_KEY: SECRET, LOG_LEVEL: 'warn' };
    children.push(spawn(process.execPath, ['--import', 'tsx', path.join(rootDir, 'bin/web.ts')], { cwd: rootDir, env, stdio: ['ignore', 'ignore', 'inherit'] }));
    for (let i = 0; i < 120 && !(await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false)); i++) await sleep(500);
    const python = (name: string) => {
      const child = spawn('python3', [path.join(rootDir, 'bench/remote_worker.py'), name], { env: { ...process.env, SUNDIAL_URL: url, SUNDIAL_WORKER_KEY: key }, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      return new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    };
    const queue = (n: number) =>
      pool.query(
        `with q as (insert into runs (task_id, trigger, status, scheduled_for, queue) select $1, 'api', 'queued', now(), 'bench' from generate_series(1, $2) returning id)
         select array_agg(id) as ids, pg_notify('sundial_runs', '') from q`,
        [task.value.id, n],
      );
    const ended = async (from: number) => Number((await pool.query(`select count(*) from runs where id >= $1 and status not in ('queued', 'running')`, [from])).rows[0].count);

    await python('bench-1');
    const rounds = envInt('BENCH_REMOTE_ROUNDS', 200);
    const first = Number((await queue(1)).rows[0].ids[0]);
    for (let i = 1; i < rounds; i++) {
      const id = Number((await queue(1)).rows[0].ids[0]);
      while ((await ended(id)) < 1) await sleep(2);
    }
    const { rows: one } = await pool.query<{ claim: number; total: number }>(
      `select extract(epoch from finished_at - started_at) * 1000 as claim, extract(epoch from finished_at - created_at) * 1000 as total
       from runs where id > $1 and status = 'succeeded'`,
      [first],
    );
    await Promise.all(['bench-2', 'bench-3', 'bench-4'].map(python));
    const backlog = envInt('BENCH_REMOTE_RUNS', 2000);
    const from = Number((await queue(backlog)).rows[0].ids[0]);
    while ((await ended(from)) < backlog) await sleep(50);
    const { rows: rate } = await pool.query<{ seconds: number; ok: number }>(
      `select extract(epoch from max(finished_at) - min(started_at)) as seconds, count(*) filter (where status = 'succeeded')::int as ok from runs where id >= $1`,
      [from],
    );
    const claim = one.map((r) => Number(r.claim));
    const total = one.map((r) => Number(r.total));
    new Block(`remote workers (Python client, production web server): ${int(one.length)} no-op runs one at a time, then ${int(backlog)} on 4 workers`, 'none set (issue 12)')
      .row('claim -> finish', `p50 ${msText(percentile(claim, 0.5))}, p99 ${msText(percentile(claim, 0.99))} (started_at to finished_at)`)
      .row('queued -> finished', `p50 ${msText(percentile(total, 0.5))}, p99 ${msText(percentile(total, 0.99))} (a waiting long poll woken by NOTIFY)`)
      .row('4 workers', `${(rate[0]!.ok / Number(rate[0]!.seconds)).toFixed(0)} runs/s (${int(rate[0]!.ok)} succeeded in ${Number(rate[0]!.seconds).toFixed(1)} s)`)
      .print();
  } finally {
    for (const child of children.reverse()) child.kill('SIGTERM');
    await sleep(500);
    await pool.end();
    await database.drop();
  }
}
