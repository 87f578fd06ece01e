import { spawn } from 'node:child_process';
import path from 'node:path';
import { restoreLogical } from '../lib/backup/logical-restore';
import { findClient } from '../lib/backup/pg-dump';
import { runPgTool } from '../lib/backup/pg-dump-run';
import { env } from '../lib/env';
import { StartupError, coerceError, exitWithStartupError } from '../lib/errors';

// `npm run restore -- <backup file> <database URL>`: restore a backup of the "Back up the
// database" task into a new, empty database. A .dump goes through pg_restore; a .sundial.gz
// (Sundial's own format) is loaded by Sundial. Then point DATABASE_URL at it and start.

async function main(): Promise<void> {
  const [file, url] = process.argv.slice(2);
  if (!file || !url) throw new StartupError('usage: npm run restore -- <backup file> <postgres:// URL of a new, empty database>');
  if (file.endsWith('.dump')) {
    const configured = env().SUNDIAL_PG_DUMP;
    const client = await findClient('pg_restore', configured ? path.join(path.dirname(configured), 'pg_restore') : undefined);
    if (!client) throw new StartupError('no pg_restore found: install the PostgreSQL client tools of the version that wrote the backup');
    await runPgTool((command, args, options) => spawn(command, args ?? [], options ?? {}), client.path, ['--no-owner', '--no-privileges', '--exit-on-error', file], url);
    process.stdout.write(`restored ${file} with ${client.path}\n`);
    return;
  }
  const counts = await restoreLogical(path.resolve(file), url);
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  process.stdout.write(`restored ${rows} rows in ${Object.keys(counts).length} tables from ${file}\n`);
}

// What goes wrong here (a damaged file, a database that is not empty) is said in the message.
main().catch((err: unknown) => exitWithStartupError(err instanceof StartupError ? err : new StartupError(coerceError(err).message), 'sundial restore'));
