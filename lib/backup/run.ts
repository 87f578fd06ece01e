import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { NonRetryableError } from '../engine/errors';
import { env } from '../env';
import { backupName, pruneBackups, writeAtomically, type BackupKind } from './files';
import { writeLogicalBackup } from './logical-dump';
import { decideMethod, findClient, type Choice } from './pg-dump';
import { dumpWithPgDump, type Spawn } from './pg-dump-run';

export type BackupMethod = 'auto' | 'pg_dump' | 'logical';

export type BackupOptions = {
  pool: pg.Pool;
  url: string;
  keep: number;
  method: BackupMethod;
  directory?: string;
  testMode: boolean;
  signal: AbortSignal;
  log: (message: string) => void;
  spawn: Spawn;
};

/** Where backups go unless a task says otherwise: <SUNDIAL_DATA_DIR>/backups. */
export const defaultBackupDir = () => path.resolve(env().SUNDIAL_DATA_DIR, 'backups');

async function serverMajor(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`select current_setting('server_version_num') as n`);
  return Math.floor(Number(rows[0]!.n) / 10_000);
}

async function choose(o: BackupOptions): Promise<Choice> {
  if (o.method === 'logical') return { kind: 'logical' };
  const configured = env().SUNDIAL_PG_DUMP;
  const choice = decideMethod(o.method, await serverMajor(o.pool), await findClient('pg_dump', configured), configured);
  if (choice.kind === 'refused') throw new NonRetryableError(choice.why);
  if (choice.kind === 'logical' && choice.why) o.log(choice.why);
  return choice;
}

async function dumpLogical(pool: pg.Pool, tmp: string, signal: AbortSignal): Promise<void> {
  const client = await pool.connect();
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(tmp, { mode: 0o600 }));
  try {
    await writeLogicalBackup(client, gzip, signal);
    gzip.end();
    await written;
  } catch (err) {
    gzip.destroy(err as Error);
    await written.catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Writes one backup and keeps the newest `keep`. A test run writes it, measures it and deletes it, and removes nothing. */
export async function runBackup(o: BackupOptions) {
  const started = performance.now();
  const dir = o.directory ?? defaultBackupDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const method = await choose(o);
  const kind: BackupKind = method.kind;
  const { file, bytes } = await writeAtomically(dir, backupName(kind, new Date()), (tmp) =>
    method.kind === 'pg_dump' ? dumpWithPgDump(method.client, o.url, tmp, o.spawn, o.signal) : dumpLogical(o.pool, tmp, o.signal),
  );
  const durationMs = Math.round(performance.now() - started);
  o.log(`${method.kind === 'pg_dump' ? `${method.client.path} (version ${method.client.major})` : "Sundial's own format"}: ${bytes} bytes in ${durationMs} ms`);
  if (o.testMode) {
    await rm(file, { force: true });
    o.log('test mode: the backup was written, measured and deleted; no older backup was removed');
    return { file, bytes, durationMs, method: kind, removed: [], testMode: true };
  }
  const removed = await pruneBackups(dir, o.keep);
  return { file, bytes, durationMs, method: kind, removed, testMode: false };
}
