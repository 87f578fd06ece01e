import type pg from 'pg';
import { applyMigrations } from '../db/migrate';
import { schemaProblem, schemaStatus, type SchemaStatus } from '../db/version';
import { env } from './env';
import { StartupError } from './errors';

function assertKnown(status: SchemaStatus): SchemaStatus {
  const problem = schemaProblem(status);
  if (problem) throw new StartupError(problem);
  return status;
}

/** Web and worker refuse to run on a schema they do not know. */
export async function assertSchemaCurrent(client: pg.Pool | pg.Client): Promise<SchemaStatus> {
  return assertKnown(await schemaStatus(client));
}

/** Migrate to this build's schema; refuses a database that a newer Sundial migrated. */
export async function migrateDatabase(url: string): Promise<SchemaStatus & { applied: number }> {
  const { before, after } = await applyMigrations(url, env().SUNDIAL_DB_CONNECT_TIMEOUT * 1000);
  return { ...assertKnown(after), applied: after.version - before.version };
}
