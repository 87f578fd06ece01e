import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createDb } from '../../db/client';
import { migrateDatabase } from '../../lib/schema';
import { postgresBinaryDir } from '../../lib/launcher/embedded-postgres';
import { isRoot, postgresUser } from '../../lib/launcher/postgres-user';
import { freePort } from '../../lib/launcher/ports';
import type { TestDatabase } from './db';
import type { Proc } from './processes';

/**
 * A Postgres server of the test's own (the embedded package's binaries), so a fault test can
 * restart it, stop it for an outage, and read its log, whatever server the rest of the suite
 * uses. Trust auth on 127.0.0.1 only; its data lives in a temp folder removed by `destroy()`.
 */
export type OwnPostgres = {
  url: string;
  /** `pg_ctl restart -m immediate`: every connection drops, in-flight transactions are lost. */
  restartImmediate: () => void;
  stop: () => void;
  start: () => void;
  /** How many times the server logged "deadlock detected". */
  deadlocks: () => number;
  destroy: () => void;
};

export async function ownPostgres(): Promise<OwnPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-fault-pg-'));
  fs.chmodSync(dir, 0o777);
  const pgdata = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const port = await freePort();
  const binDir = await binariesLike(process.env.TEST_DATABASE_URL);
  const bin = (name: string) => path.join(binDir, name);
  const asPostgres = isRoot() ? userIds() : {};
  const run = (name: string, args: string[]) => {
    const r = spawnSync(bin(name), args, { ...asPostgres, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${r.stderr || r.stdout}\n${tail(logFile)}`);
  };
  run('initdb', ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c max_connections=200 -c deadlock_timeout=200ms`;
  const start = () => run('pg_ctl', ['-D', pgdata, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  start();
  const server = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query('create database sundial');
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:${port}/sundial`;
  await migrateDatabase(url);
  return {
    url,
    restartImmediate: () => run('pg_ctl', ['-D', pgdata, '-l', logFile, '-o', options, '-m', 'immediate', '-w', '-t', '60', 'restart']),
    stop: () => run('pg_ctl', ['-D', pgdata, '-m', 'immediate', '-w', 'stop']),
    start,
    deadlocks: () => (fs.existsSync(logFile) ? (fs.readFileSync(logFile, 'utf8').match(/deadlock detected/g) ?? []).length : 0),
    destroy: () => {
      spawnSync(bin('pg_ctl'), ['-D', pgdata, '-m', 'immediate', 'stop'], { ...asPostgres, stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The suite runs on the embedded Postgres and again on a server named by TEST_DATABASE_URL:
 * fault tests follow, using that server's major version from the machine's packages when
 * they are installed, the embedded binaries otherwise.
 */
async function binariesLike(serverUrl: string | undefined): Promise<string> {
  if (!serverUrl) return postgresBinaryDir();
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const { rows } = await client.query<{ v: string }>('show server_version_num');
  await client.end();
  const dir = `/usr/lib/postgresql/${Math.floor(Number(rows[0]!.v) / 10000)}/bin`;
  return fs.existsSync(path.join(dir, 'pg_ctl')) ? dir : postgresBinaryDir();
}

function userIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, postgresUser], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function tail(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-10).join('\n') : '';
}

/**
 * For a test file: its own Postgres (`own`), a pool on its database (`database`, shaped like
 * withTestDatabase's), and worker processes (`procs`) killed after the file if still alive.
 */
export function withOwnPostgres(): { own: OwnPostgres; database: TestDatabase; procs: Proc[] } {
  const handle = { procs: [] as Proc[] } as { own: OwnPostgres; database: TestDatabase; procs: Proc[] };
  beforeAll(async () => {
    handle.own = await ownPostgres();
    const pool = new pg.Pool({ connectionString: handle.own.url, max: 5 });
    pool.on('error', () => {});
    handle.database = { name: 'own', url: handle.own.url, pool, db: createDb(pool) };
  });
  afterAll(async () => {
    for (const p of handle.procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await handle.database?.pool.end();
    handle.own?.destroy();
  });
  return handle;
}
