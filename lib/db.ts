import pg from 'pg';
import { createDb, type Db } from '../db/client';
import { openPool } from './pool';
import { env, redactUrl, requireDatabaseUrl } from './env';
import { StartupError } from './errors';

type Shared = { pool: pg.Pool; db: Db };
const globalKey = Symbol.for('sundial.db');
const holder = globalThis as unknown as { [globalKey]?: Shared };

/** The process-wide pool, created on first use. Kept on globalThis so dev reloads reuse it. */
export function shared(): Shared {
  if (!holder[globalKey]) {
    const pool = openPool(requireDatabaseUrl());
    holder[globalKey] = { pool, db: createDb(pool) };
  }
  return holder[globalKey];
}

export const getDb = (): Db => shared().db;
export const getPool = (): pg.Pool => shared().pool;

/**
 * Connect once to prove the server is there, within SUNDIAL_DB_CONNECT_TIMEOUT. A refused
 * connection is retried until then, since a database that is still starting refuses too.
 */
export async function waitForDatabase(url: string, timeoutSeconds = env().SUNDIAL_DB_CONNECT_TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: Math.max(1000, deadline - Date.now()),
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (err) {
      lastError = err;
      await client.end().catch(() => {});
      if (!isRetryable(err)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : 'timed out';
  throw new StartupError(
    `DATABASE_URL: cannot reach ${redactUrl(url)} within ${timeoutSeconds}s (${reason.split('\n')[0]})`,
  );
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  // Refused or reset while a server starts; "the database system is starting up".
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P03' || code === undefined;
}
