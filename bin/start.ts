import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createDb } from '../db/client';
import { waitForDatabase } from '../lib/db';
import { migrateDatabase } from '../lib/schema';
import { ensureFirstAdmin, type FirstAdmin } from '../lib/auth/first-admin';
import { env, redactUrl } from '../lib/env';
import { StartupError, exitWithStartupError } from '../lib/errors';
import { ensureBuild } from '../lib/launcher/build';
import { onShutdown } from '../lib/process';
import { exited, spawnEntry, stopChild } from '../lib/launcher/children';
import { portIsFree } from '../lib/launcher/ports';
import { startPostgresHost, stopPostgresHost, type PostgresHost } from '../lib/launcher/postgres-host';
import { ensureAuthSecret, ensureSecretKey } from '../lib/launcher/secrets';
import { clearState, takeOverDataDir, writeState } from '../lib/launcher/state';
import { waitForHealth } from '../lib/launcher/wait';
import { launcherWorkerId } from '../lib/workers';

// `npm start`: one command for a whole Sundial on one machine. Without DATABASE_URL it
// hosts an embedded Postgres in the data dir; then it migrates, builds the dashboard if
// needed, and runs web and worker as two child processes until Ctrl-C.

const dev = process.argv.includes('--dev');
const say = (m: string) => process.stdout.write(`sundial: ${m}\n`);
const DRAIN_MS = 30_000;

let host: PostgresHost | undefined;
const children: Record<string, ChildProcess> = {};
let stopping = false;
let exitCode = 0;
let dataDir = '';

async function stopAll(reason: string): Promise<void> {
  stopping = true;
  say(`${reason}: stopping...`);
  await Promise.all(Object.values(children).map((c) => stopChild(c, 'SIGTERM', DRAIN_MS)));
  if (host) await stopPostgresHost(host);
  if (dataDir) clearState(dataDir);
  say('stopped');
}

function killAll(): void {
  for (const c of [...Object.values(children), host?.child]) {
    try {
      if (c?.pid) process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const shutdown = onShutdown(stopAll, { force: killAll, exitCode: () => exitCode });

/** Stop everything because something failed: exit 1 once stopped. */
function fail(reason: string): void {
  exitCode = 1;
  shutdown(reason);
}

function watchParent(): void {
  // Started through npm and npm was killed: do not live on as an orphan.
  const parent = process.ppid;
  setInterval(() => !stopping && process.ppid !== parent && shutdown('parent process exited'), 1000).unref();
}

function startChild(name: string, entry: string, childEnv: NodeJS.ProcessEnv, args: string[] = [], nodeArgs: string[] = []): void {
  const child = spawnEntry(entry, args, childEnv, nodeArgs);
  children[name] = child;
  void exited(child).then((code) => {
    if (!stopping) fail(`the ${name} process exited (${code})`);
  });
}

function banner(url: string, databaseLabel: string, admin: FirstAdmin): void {
  const login = admin.created
    ? `${admin.email} / ${admin.password}${admin.generated ? '   (generated: shown only now, save it)' : ''}`
    : `${admin.email} (password as set on the first start)`;
  process.stdout.write(
    [
      '',
      `  Sundial is running${dev ? ' (development mode, hot reload)' : ''}`,
      `  Dashboard   ${url}`,
      `  Health      ${url}/api/health`,
      `  Database    ${databaseLabel}`,
      `  Sign in     ${login}`,
      '  Stop        Ctrl-C',
      '',
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const e = env();
  dataDir = path.resolve(e.SUNDIAL_DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  await takeOverDataDir(dataDir, say);
  if (!(await portIsFree(e.PORT, e.HOST))) {
    throw new StartupError(`PORT ${e.PORT} is already in use: stop whatever uses it, or set PORT to a free port`);
  }
  watchParent();

  let url = e.DATABASE_URL;
  let databaseLabel = `${redactUrl(url ?? '')} (DATABASE_URL)`;
  if (!url) {
    say(`starting the embedded Postgres (data in ${path.join(dataDir, 'pgdata')})`);
    host = await startPostgresHost(dataDir, say);
    writeState(dataDir, { postgres: host.child.pid ?? 0 }, host.port);
    void exited(host.child).then((code) => {
      if (!stopping) fail(`the embedded Postgres exited (${code})`);
    });
    url = host.url;
    databaseLabel = `embedded Postgres on 127.0.0.1:${host.port}, data in ${host.pgdata}`;
  }
  await waitForDatabase(url);
  const schema = await migrateDatabase(url);
  if (schema.applied > 0) say(`database schema migrated to version ${schema.version}`);

  // After the database, so a wrong DATABASE_URL is reported before a long build.
  if (!dev) await ensureBuild(say);

  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const admin = await ensureFirstAdmin(createDb(pool), { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD });
  await pool.end();

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    AUTH_SECRET: e.AUTH_SECRET ?? ensureAuthSecret(dataDir),
    SUNDIAL_SECRET_KEY: e.SUNDIAL_SECRET_KEY ?? ensureSecretKey(dataDir),
    NODE_ENV: dev ? 'development' : 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    // One stable identity per machine and data dir: a restart reuses the worker's row.
    SUNDIAL_WORKER_ID: e.SUNDIAL_WORKER_ID ?? launcherWorkerId(dataDir),
  };
  startChild('web', 'bin/web.ts', childEnv, dev ? ['--dev'] : []);
  startChild('worker', 'worker/index.ts', childEnv, [], dev ? ['--watch'] : []);
  const pids = Object.fromEntries(Object.entries(children).map(([k, c]) => [k, c.pid ?? 0]));
  writeState(dataDir, { ...pids, ...(host ? { postgres: host.child.pid ?? 0 } : {}) }, host?.port);

  const local = `http://localhost:${e.PORT}`;
  await waitForHealth(`http://127.0.0.1:${e.PORT}/api/health`, dev ? 300_000 : 120_000);
  banner(local, databaseLabel, admin);
}

main().catch((err: unknown) => {
  if (Object.keys(children).length === 0 && !host) exitWithStartupError(err);
  process.stderr.write(`sundial: ${err instanceof StartupError ? err.message : String(err)}\n`);
  fail('start failed');
});
