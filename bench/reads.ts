import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../db/client';
import { createApiKey } from '../lib/auth/api-keys';
import { rootDir } from '../lib/launcher/children';
import type { BenchServer } from './database';
import type { ReadSpec, ReadTimes } from './reads-calls';
import { seedHistory } from './reads-seed';
import { Block, envInt, int, median, msText, percentile, secs } from './report';

const TARGET_RUNS = 10_000_000;

/**
 * History reads at scale: issue 9's slow reads, each called ~20 times after two warm-ups,
 * on 10,000 tasks and BENCH_RUNS runs (2,000,000 by default: what seeds in about two
 * minutes on the 2-core machine; the target names 10,000,000).
 */
export async function reads(server: BenchServer): Promise<void> {
  const tasks = envInt('BENCH_TASKS', 10_000);
  const runs = envInt('BENCH_RUNS', 2_000_000);
  const samples = envInt('BENCH_READ_SAMPLES', 20);
  const database = await server.database('reads');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    const seeding = performance.now();
    const seeded = await seedHistory(pool, tasks, runs);
    const seedMs = performance.now() - seeding;
    const { key } = await createApiKey(createDb(pool), { name: 'bench reads', role: 'viewer' });
    const { rows } = await pool.query<{ size: string }>(`select pg_size_pretty(pg_total_relation_size('runs')) as size`);
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const [from, to] = [day(28), day(27)];
    const id = seeded.hotTaskId;
    const specs: ReadSpec[] = [
      { label: 'GET /api/v1/runs?from&to (one day, 28 days back)', path: `/api/v1/runs?from=${from}&to=${to}`, handler: 'list' },
      { label: 'GET /api/v1/runs?trigger=catch_up', path: '/api/v1/runs?trigger=catch_up', handler: 'list' },
      { label: 'GET /tasks/{id}/runs.csv?status=failed', path: `/api/v1/tasks/${id}/runs.csv?status=failed`, handler: 'csv', params: { id } },
      { label: 'GET /tasks/{id}/runs.csv', path: `/api/v1/tasks/${id}/runs.csv`, handler: 'csv', params: { id } },
      { label: 'GET /tasks/{id}/runs?from&to (one day)', path: `/api/v1/tasks/${id}/runs?from=${from}&to=${to}`, handler: 'taskRuns', params: { id } },
      { label: 'GET /api/v1/stats?days=30', path: '/api/v1/stats?days=30', handler: 'stats' },
    ];
    const times = await callReads(database.url, { reads: specs, key, samples });
    const block = new Block(
      `history reads: ${int(tasks)} tasks, ${int(runs)} runs (${rows[0]!.size}), not analyzed; p95 of ${samples} calls after 2 warm-ups`,
      'every read < 300 ms at p95 at 10,000 tasks and 10,000,000 runs; CSV downloads start within 300 ms',
    ).row('scale', `seeded ${int(runs)} runs of the ${int(TARGET_RUNS)} the target names in ${secs(seedMs)} (BENCH_RUNS sets it); the task read has ${int(seeded.hotRuns)} runs; ${int(seeded.rollupRows)} daily rollup rows`);
    for (const t of times) {
      const csv = t.rows === null ? '' : `, first byte p95 ${msText(percentile(t.firstByte, 0.95))}, ${int(Number(t.rows))} rows, ${int(t.bytes / 1024)} KB`;
      block.row(t.label, `p95 ${msText(percentile(t.total, 0.95))}, median ${msText(median(t.total))}${csv} (HTTP ${t.status})`);
    }
    block.print();
  } finally {
    await pool.end();
    await database.drop();
  }
}

function callReads(url: string, input: { reads: ReadSpec[]; key: string; samples: number }): Promise<ReadTimes[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(rootDir, 'bench/reads-calls.ts'), JSON.stringify(input)], {
    cwd: rootDir,
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ReadTimes[]) : reject(new Error(`bench/reads-calls.ts exited ${code}`)))),
  );
}
