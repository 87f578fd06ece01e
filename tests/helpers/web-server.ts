import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildIsCurrent } from '../../lib/launcher/build';
import { freePort } from '../../lib/launcher/ports';
import { SECRET } from './api';
import type { TestDatabase } from './db';
import { cleanEnv, runEntry, type Proc } from './processes';

export type WebServer = { url: string; port: number; proc: Proc };
export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

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
    const env = { DATABASE_URL: database.url, AUTH_SECRET: SECRET, PORT: String(port), HOST: '127.0.0.1', SUNDIAL_DATA_DIR: dataDir, SUNDIAL_TRUSTED_PROXIES: '127.0.0.1', SUNDIAL_BUILTIN_TASKS: 'false', ...extra };
    const proc = runEntry('bin/web.ts', cleanEnv(env));
    await proc.waitFor('listening on', 120_000);
    Object.assign(handle, { url: `http://127.0.0.1:${port}`, port, proc });
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

/**
 * One HTTP request with full control of the headers (fetch would not send Host as given) and
 * of the local address, so a test can arrive from 127.0.0.2 as an untrusted peer.
 */
export function request(
  server: WebServer,
  method: string,
  pathname: string,
  opts: { headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method, path: pathname, headers: { 'content-type': 'application/json', ...opts.headers }, localAddress: opts.from },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
