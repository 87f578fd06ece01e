import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../db/client';
import { waitForDatabase } from '../lib/db';
import { assertSchemaCurrent } from '../lib/schema';
import { apiKeyRoles, auditLog, type ApiKeyRole } from '../db/schema';
import { queueList } from '../lib/remote/queue-name';
import { createApiKey } from '../lib/auth/api-keys';
import { env } from '../lib/env';
import { StartupError, exitWithStartupError } from '../lib/errors';
import { localDatabaseUrl } from '../lib/launcher/local-database';

// `npm run api-key -- --name importer --role operator [--expires 2027-01-01T00:00:00Z]`
// (a remote worker's: `--role worker --queues bank-sync,payroll`):
// create an API key from the machine Sundial runs on, and print it once.

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, role: { type: 'string', default: 'operator' }, queues: { type: 'string' }, expires: { type: 'string' } } });
  if (!values.name) throw new StartupError('usage: npm run api-key -- --name <name> [--role viewer|operator|admin|worker] [--queues a,b (worker)] [--expires <ISO instant>]');
  if (!apiKeyRoles.includes(values.role as ApiKeyRole)) throw new StartupError(`--role must be one of ${apiKeyRoles.join(', ')}`);
  const queues = values.role === 'worker' ? queueList().safeParse(values.queues?.split(',').map((q) => q.trim())) : null;
  if (queues && !queues.success) throw new StartupError('--queues: a worker key needs a comma-separated list of queue names such as bank-sync');
  if (!queues && values.queues) throw new StartupError('--queues is for --role worker only');
  const expiresAt = values.expires ? new Date(values.expires) : null;
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= new Date())) throw new StartupError('--expires must be a future ISO instant such as 2027-01-01T00:00:00Z');
  const e = env();
  const url = e.DATABASE_URL ?? localDatabaseUrl(path.resolve(e.SUNDIAL_DATA_DIR));
  await waitForDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await assertSchemaCurrent(pool);
    const db = createDb(pool);
    const { key, record } = await createApiKey(db, { name: values.name, role: values.role as ApiKeyRole, queues: queues?.data ?? null, expiresAt });
    await db.insert(auditLog).values({
      actorType: 'system',
      actorLabel: `npm run api-key (${os.userInfo().username}@${os.hostname()})`,
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: record.id,
      after: { name: record.name, role: record.role, queues: record.queues, prefix: record.prefix, expiresAt: record.expiresAt },
    });
    process.stdout.write(`API key "${record.name}" (${record.role}), shown only now:\n${key}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => exitWithStartupError(err, 'sundial api-key'));
