import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { rootDir } from '../lib/launcher/children';
import { sleep } from './report';

// Worker processes as an operator starts them (`npm run start:worker`), one per id.
// BENCH_WORKER_NODE_ARGS adds node flags to each, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
// to see where a worker's time goes (node refuses --cpu-prof in NODE_OPTIONS).

export type Fleet = {
  pids: number[];
  /** Warnings and errors the workers logged, by message, most frequent first. */
  logSummary: () => string;
  stop: () => Promise<void>;
};

const live = new Set<ChildProcess>();
// A bench that dies must not leave workers polling a dropped database.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startWorkers(pool: pg.Pool, url: string, ids: string[], extraEnv: Record<string, string> = {}): Promise<Fleet> {
  const counts = new Map<string, number>();
  const children = ids.map((id) => {
    const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(rootDir, 'worker/index.ts')], {
      cwd: rootDir,
      env: { ...process.env, DATABASE_URL: url, SUNDIAL_WORKER_ID: id, LOG_LEVEL: 'warn', ...extraEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const msg = summarize(line);
        if (msg) counts.set(msg, (counts.get(msg) ?? 0) + 1);
      }
    });
    return child;
  });
  await waitRegistered(pool, ids, children);
  return {
    pids: children.map((c) => c.pid!),
    logSummary: () => {
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4);
      return top.length === 0 ? 'no warnings or errors' : top.map(([m, n]) => `${n}× ${m}`).join('; ');
    },
    stop: async () => {
      await Promise.all(children.map((c) => stopChild(c)));
    },
  };
}

/** "warn: tick failed (deadlock detected)" from one pino JSON line. */
function summarize(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string }; error?: string };
    const level = entry.level === undefined ? 'log' : entry.level >= 50 ? 'error' : entry.level >= 40 ? 'warn' : undefined;
    if (!level) return undefined;
    const detail = entry.err?.message ?? entry.error;
    return `${level}: ${entry.msg ?? ''}${detail ? ` (${detail.split('\n')[0]!.slice(0, 80)})` : ''}`;
  } catch {
    return line.trim() ? `output: ${line.trim().slice(0, 100)}` : undefined;
  }
}

/** A worker is up once its row says running: it registers first thing in start(). */
async function waitRegistered(pool: pg.Pool, ids: string[], children: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from workers where id = any($1) and status = 'running'`, [ids]);
    if (rows[0]!.n === ids.length) break;
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`a worker exited (${dead.exitCode}) before it registered`);
    if (Date.now() > deadline) throw new Error('workers did not register within 120 s');
    await sleep(200);
  }
  // Registration comes before LISTEN and the first tick: give start() a moment to finish.
  await sleep(1000);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}
