import path from 'node:path';
import pg from 'pg';
import { waitForDatabase } from '../lib/db';
import { assertSchemaCurrent } from '../lib/schema';
import { env } from '../lib/env';
import { StartupError, exitWithStartupError } from '../lib/errors';
import { localDatabaseUrl } from '../lib/launcher/local-database';
import { ensureSecretKey } from '../lib/launcher/secrets';
import { secretKeyring } from '../lib/secrets/keys';
import { resealSecrets } from '../lib/secrets/reseal';

// `npm run secrets:reseal`: after setting a new SUNDIAL_SECRET_KEY and the old one in
// SUNDIAL_SECRET_KEY_PREVIOUS, seal every stored secret with the new key (README, Security).

async function main(): Promise<void> {
  const e = env();
  if (!e.SUNDIAL_SECRET_KEY) process.env.SUNDIAL_SECRET_KEY = ensureSecretKey(path.resolve(e.SUNDIAL_DATA_DIR));
  const ring = secretKeyring();
  if (ring.previous.length === 0) process.stdout.write('SUNDIAL_SECRET_KEY_PREVIOUS is not set: only values already sealed with the current key will open\n');
  const url = e.DATABASE_URL ?? localDatabaseUrl(path.resolve(e.SUNDIAL_DATA_DIR));
  await waitForDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await assertSchemaCurrent(pool);
    const { resealed, failed } = await resealSecrets(pool, ring);
    process.stdout.write(`sealed with key ${ring.current.id}: ${resealed.length} secret(s)${resealed.length ? ` (${resealed.join(', ')})` : ''}\n`);
    for (const f of failed) process.stdout.write(`not resealed: ${f.name}: ${f.reason}\n`);
    if (failed.length > 0) throw new StartupError(`${failed.length} secret(s) did not open: keep their old key in SUNDIAL_SECRET_KEY_PREVIOUS, or set their values again`);
    process.stdout.write('every secret is sealed with the current key: SUNDIAL_SECRET_KEY_PREVIOUS can be removed\n');
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => exitWithStartupError(err, 'sundial secrets:reseal'));
