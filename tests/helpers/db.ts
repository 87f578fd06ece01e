import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDb, type Db } from '../../db/client';
import { databaseUrl } from './urls';

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('serverUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export type TestDatabase = { name: string; url: string; pool: pg.Pool; db: Db };

/** A new database: a clone of the migrated template, or empty. The caller drops it. */
export async function createDatabase(kind: 'migrated' | 'empty'): Promise<TestDatabase> {
  const name = `sundial_t_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const template = kind === 'migrated' ? ` template ${inject('templateDb')}` : '';
  await admin(async (c) => {
    // Cloning fails while another session is briefly connected to the template; retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`create database ${name}${template}`);
        return;
      } catch (err) {
        if (attempt >= 10 || !String(err).includes('being accessed')) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });
  const url = databaseUrl(inject('serverUrl'), name);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // The drop below ends with FORCE: a connection still closing when it lands gets 57P01,
  // which an unhandled pool 'error' would turn into an uncaught exception after the tests passed.
  pool.on('error', () => {});
  return { name, url, pool, db: createDb(pool) };
}

export async function dropDatabase(database: TestDatabase): Promise<void> {
  await database.pool.end();
  await admin((c) => c.query(`drop database if exists ${database.name} with (force)`));
}

/** A migrated database of its own for this test file. */
export function withTestDatabase(): TestDatabase {
  const handle = {} as TestDatabase;
  beforeAll(async () => {
    Object.assign(handle, await createDatabase('migrated'));
  });
  afterAll(async () => {
    if (handle.pool) await dropDatabase(handle);
  });
  return handle;
}
