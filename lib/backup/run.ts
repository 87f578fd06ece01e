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
import { compatible, findClient, type PgDump } from './pg-dump';
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

/** pg_dump when one at least as new as the server is found; otherwise Sundial's own format (see the README). */
async function choose(o: BackupOptions): Promise<{ kind: 'logical' } | { kind: 'pg_dump'; client: PgDump }> {
  if (o.method === 'logical') return { kind: 'logical' };
  const major = await serverMajor(o.pool);
  const configured = env().SUNDIAL_PG_DUMP;
  const client = await findClient('pg_dump', configured);
  if (client && compatible(client, major)) return { kind: 'pg_dump', client };
  const found = client ? `the newest found, ${client.path}, is version ${client.major}` : configured ? `SUNDIAL_PG_DUMP (${configured}) does not run` : 'none was found';
  const why = `no pg_dump of version ${major} or newer for this PostgreSQL ${major} server: ${found}`;
  if (o.method === 'pg_dump' || configured) throw new NonRetryableError(`${why}. Install PostgreSQL ${major}'s client tools and set SUNDIAL_PG_DUMP to its pg_dump, or choose method "logical"`);
  o.log(`${why}; writing Sundial's own backup format instead (restore it with npm run restore)`);
  return { kind: 'logical' };
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
  o.log(`${kind === 'pg_dump' ? `pg_dump ${method.kind === 'pg_dump' ? method.client.major : ''}` : "Sundial's own format"}: ${bytes} bytes in ${durationMs} ms`);
  if (o.testMode) {
    await rm(file, { force: true });
    o.log('test mode: the backup was written, measured and deleted; no older backup was removed');
    return { file, bytes, durationMs, method: kind, removed: [], testMode: true };
  }
  const removed = await pruneBackups(dir, o.keep);
  return { file, bytes, durationMs, method: kind, removed, testMode: false };
}
