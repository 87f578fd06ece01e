import { migrateDatabase } from './schema';
import { waitForDatabase } from './db';
import { env, requireDatabaseUrl } from './env';
import type { SchemaStatus } from '../db/version';

/**
 * What web and worker do before anything else: validate the environment, reach the
 * database within the connect timeout, and bring the schema up to date under the
 * migration lock (refusing a schema newer than this build).
 */
export async function prepareDatabase(): Promise<{ url: string; schema: SchemaStatus }> {
  env();
  const url = requireDatabaseUrl();
  await waitForDatabase(url);
  const schema = await migrateDatabase(url);
  return { url, schema };
}
