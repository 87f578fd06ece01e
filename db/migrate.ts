import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { schemaStatus, type SchemaStatus } from './version';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any constant works as long as every Sundial process uses the same one. Holding it for the
// whole migration makes a second process wait, then find nothing left to apply.
const MIGRATION_LOCK = 0x53756e6469616c; // "Sundial"

/** Apply this build's migrations unless the database is ahead of it; the schema before and after. */
export async function applyMigrations(url: string, connectTimeoutMs: number): Promise<{ before: SchemaStatus; after: SchemaStatus }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const before = await schemaStatus(client);
      if (before.state !== 'ahead') await migrate(drizzle(client), { migrationsFolder });
      return { before, after: await schemaStatus(client) };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await client.end();
  }
}
