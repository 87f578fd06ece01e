import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { afterAll, beforeAll } from 'vitest';
import { ensureBuild } from '../../lib/launcher/build';
import { freePort } from '../../lib/launcher/ports';
import { SECRET } from './api';
import type { TestDatabase } from './db';
import { cleanEnv, root, runEntry, type Proc } from './processes';

export type WebServer = { url: string; port: number };
export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/**
 * The real web process (bin/web.ts serving Next's production build) on this file's database,
 * on 127.0.0.1. Builds first when the sources changed, which takes minutes.
 */
export function withWebServer(database: TestDatabase, env: Record<string, string> = {}): WebServer {
  const server = {} as WebServer;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-web-'));
  let proc: Proc | undefined;
  beforeAll(async () => {
    await buildOnce();
    const port = await freePort();
    const extra = { DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', AUTH_SECRET: SECRET, SUNDIAL_DATA_DIR: dataDir, ...env };
    proc = runEntry('bin/web.ts', cleanEnv(extra));
    await proc.waitFor('listening on', 120_000);
    Object.assign(server, { port, url: `http://127.0.0.1:${port}` });
  }, 900_000);
  afterAll(async () => {
    if (proc && proc.child.exitCode === null) {
      process.kill(-proc.pid, 'SIGTERM');
      await proc.exit;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return server;
}

/** Test files run in parallel: one builds while the others wait, then find the build current. */
async function buildOnce(): Promise<void> {
  const release = await lockfile.lock(root, { lockfilePath: path.join(root, '.next-build.lock'), retries: { retries: 900, minTimeout: 1000, maxTimeout: 1000 } });
  try {
    await ensureBuild((m) => process.stdout.write(`web server: ${m}\n`));
  } finally {
    await release();
  }
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
