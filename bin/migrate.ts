import { requireDatabaseUrl } from '../lib/env';
import { exitWithStartupError } from '../lib/errors';
import { waitForDatabase } from '../lib/db';
import { migrateDatabase } from '../lib/schema';

// `npm run db:migrate`: bring DATABASE_URL to this build's schema (npm start does this itself).
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
