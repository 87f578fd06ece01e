import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseUrl, externalServerUrl } from '../helpers/urls';
import { e2eAdmin } from './admin';

// Playwright's webServer: the real launcher on a data dir of its own, with the embedded
// Postgres, or, when TEST_DATABASE_URL names a server, a database it creates and drops.

const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-e2e-'));
const server = externalServerUrl();
const database = `sundial_e2e_${process.pid}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(sql);
  await client.end();
}

async function main(): Promise<void> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    SUNDIAL_DATA_DIR: dataDir,
    PORT: process.env.E2E_PORT ?? '3210',
    ADMIN_EMAIL: e2eAdmin.email,
    ADMIN_PASSWORD: e2eAdmin.password,
    // As if behind a reverse proxy on this host (client-ip.spec.ts).
    SUNDIAL_TRUSTED_PROXIES: '127.0.0.1',
    // The http tasks of the specs call local servers, every 2 s.
    SUNDIAL_OUTBOUND_ALLOW: '127.0.0.1',
    SUNDIAL_MIN_INTERVAL_SECONDS: '1',
    // The specs count the tasks they make; the built-in ones have tests of their own.
    SUNDIAL_BUILTIN_TASKS: 'false',
  };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  if (server) {
    await admin(`create database ${database}`);
    env.DATABASE_URL = databaseUrl(server, database);
  }
  const launcher = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bin/start.ts')], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: 'inherit',
  });
  let cleaning = false;
  const cleanup = async (code: number) => {
    if (cleaning) return;
    cleaning = true;
    if (launcher.exitCode === null) {
      launcher.kill('SIGTERM');
      await new Promise((r) => launcher.once('exit', r));
    }
    if (server) await admin(`drop database if exists ${database} with (force)`).catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGTERM', () => void cleanup(0));
  process.on('SIGINT', () => void cleanup(0));
  launcher.on('exit', (code) => void cleanup(code ?? 1));
}

void main();
