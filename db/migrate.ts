import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { env, requireDatabaseUrl } from '../lib/env';
import { exitWithStartupError } from '../lib/errors';
import { assertSchemaCurrent, schemaStatus, type SchemaStatus } from './version';
import { waitForDatabase } from './client';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any constant works as long as every Sundial process uses the same one. Holding it for the
// whole migration makes a second process wait, then find nothing left to apply.
const MIGRATION_LOCK = 0x53756e6469616c; // "Sundial"

export async function migrateDatabase(url: string): Promise<SchemaStatus & { applied: number }> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: env().SUNDIAL_DB_CONNECT_TIMEOUT * 1000,
  });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const before = await schemaStatus(client);
      if (before.state !== 'ahead') {
        await migrate(drizzle(client), { migrationsFolder });
      }
      const after = await assertSchemaCurrent(client);
      return { ...after, applied: after.version - before.version };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function main() {
  try {
    const url = requireDatabaseUrl();
    await waitForDatabase(url);
    const result = await migrateDatabase(url);
    process.stdout.write(
      `schema at version ${result.version} (${result.applied === 0 ? 'already up to date' : `applied ${result.applied} migration(s)`})\n`,
    );
  } catch (err) {
    exitWithStartupError(err, 'sundial migrate');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
