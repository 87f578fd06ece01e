import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildIsCurrent } from '../../lib/launcher/build';
import { freePort } from '../../lib/launcher/ports';
import { SECRET } from './api';
import type { TestDatabase } from './db';
import { cleanEnv, runEntry, type Proc } from './processes';

export type WebServer = { url: string; proc: Proc };

/**
 * The real web process (bin/web.ts: Next.js, next-auth, the client-address stamp) on a free
 * port, against this file's database, for tests that must go through HTTP as a browser does.
 * 127.0.0.1 is a trusted proxy, so a test can pose as other addresses with X-Forwarded-For.
 */
export function withWebServer(database: TestDatabase, extra: Record<string, string> = {}): WebServer {
  const handle = {} as WebServer;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-web-test-'));
  beforeAll(async () => {
    // Building here would race other files doing the same; tests/run.ts builds first.
    if (!buildIsCurrent()) throw new Error('the dashboard build is missing or older than the sources: run `npm run build` first');
    const port = await freePort();
    const env = { DATABASE_URL: database.url, AUTH_SECRET: SECRET, PORT: String(port), HOST: '127.0.0.1', SUNDIAL_DATA_DIR: dataDir, SUNDIAL_TRUSTED_PROXIES: '127.0.0.1', ...extra };
    const proc = runEntry('bin/web.ts', cleanEnv(env));
    await proc.waitFor('listening on', 120_000);
    Object.assign(handle, { url: `http://127.0.0.1:${port}`, proc });
  });
  afterAll(async () => {
    if (handle.proc?.child.exitCode === null) {
      process.kill(-handle.proc.pid, 'SIGTERM');
      await handle.proc.exit;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return handle;
}
