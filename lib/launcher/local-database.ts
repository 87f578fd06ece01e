import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../errors';
import { readState } from './state';

/**
 * The URL of the embedded database of a running `npm start`, for command-line tools: its
 * port is in the launcher's record and its password in the data dir (mode 600).
 */
export function localDatabaseUrl(dataDir: string): string {
  const port = readState(dataDir)?.postgresPort;
  const passwordFile = path.join(dataDir, 'postgres-password');
  if (!port || !fs.existsSync(passwordFile)) {
    throw new StartupError(`no running Sundial found in ${dataDir}: start it with \`npm start\`, or set DATABASE_URL`);
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/sundial`;
}
