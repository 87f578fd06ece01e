import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createApiKey } from '../../lib/auth/api-keys';
import { freePort } from '../../lib/launcher/ports';
import { SECRET_KEY } from './api';
import type { TestDatabase } from './db';
import { cleanEnv, root, runEntry, type Proc } from './processes';
import { withWebServer } from './web-server';

// What the API answers, read loosely: tests assert on its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Sundial = {
  url: string;
  /** Calls the API as an admin key. */
  api: (method: string, pathname: string, body?: unknown) => Promise<{ status: number; body: Json }>;
  worker: Proc;
};

/**
 * A whole Sundial as a user runs it: the web process, one worker process, an admin API key.
 * The worker may call 127.0.0.1 (the stand-in apps) and run commands.
 */
export function withSundial(database: TestDatabase, workerEnv: Record<string, string> = {}): Sundial {
  const web = withWebServer(database, { SUNDIAL_SECRET_KEY: SECRET_KEY });
  const handle = {} as Sundial;
  beforeAll(async () => {
    const { key } = await createApiKey(database.db, { name: 'examples admin', role: 'admin' });
    const worker = runEntry(
      'worker/index.ts',
      cleanEnv({
        DATABASE_URL: database.url,
        SUNDIAL_SECRET_KEY: SECRET_KEY,
        NEXTAUTH_URL: web.url,
        SUNDIAL_OUTBOUND_ALLOW: '127.0.0.1',
        SUNDIAL_COMMAND_ENABLED: 'true',
        SUNDIAL_WORKER_ID: 'examples-worker',
        LOG_LEVEL: 'info',
        ...workerEnv,
      }),
    );
    await worker.waitFor('worker started', 60_000);
    const api = async (method: string, pathname: string, body?: unknown) => {
      const res = await fetch(`${web.url}${pathname}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    Object.assign(handle, { url: web.url, api, worker });
  });
  afterAll(async () => {
    if (handle.worker?.child.exitCode === null) {
      process.kill(-handle.worker.pid, 'SIGTERM');
      await handle.worker.exit;
    }
  });
  return handle;
}

export type PythonApp = { url: string; received: () => Record<string, Json>[]; stop: () => Promise<void>; output: () => string };

/** Starts an example's stand-in app (python3, standard library) on a free port; waits for `ready` in its output. */
export async function startPythonApp(script: string, env: Record<string, string> = {}, ready: string | null = 'listening on'): Promise<PythonApp> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-app-'));
  const received = path.join(dir, 'received.jsonl');
  const child = spawn('python3', [path.join(root, script)], { env: { ...process.env, PORT: String(port), RECEIVED_FILE: received, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const deadline = Date.now() + 10_000;
  while (ready !== null && !text.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => text,
    received: () => (fs.existsSync(received) ? fs.readFileSync(received, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Standard Webhooks key, as a team would make one. */
export const newSigningSecret = () => `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`;
