import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * AUTH_SECRET signs sessions. When it is not set, one is generated on the first start and
 * kept in the data dir (mode 600), so sessions survive restarts. Several web machines must
 * share one AUTH_SECRET instead.
 */
export const ensureAuthSecret = (dataDir: string): string => ensureGenerated(dataDir, 'auth-secret');

/**
 * SUNDIAL_SECRET_KEY seals named secrets; generated and kept the same way. Losing the file
 * loses every secret's value (they must be set again), so back it up with the database.
 */
export const ensureSecretKey = (dataDir: string): string => ensureGenerated(dataDir, 'secret-key');

function ensureGenerated(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
