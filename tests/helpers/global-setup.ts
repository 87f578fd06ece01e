import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../lib/schema';
import { startPostgresHost, stopPostgresHost, type PostgresHost } from '../../lib/launcher/postgres-host';
import { databaseUrl, externalServerUrl } from './urls';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDb: string;
  }
}

/**
 * Once per test run: a Postgres server (the embedded one, unless TEST_DATABASE_URL or
 * DATABASE_URL names one) and a migrated template database that each test file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let host: PostgresHost | undefined;
  let dataDir: string | undefined;
  let serverUrl = externalServerUrl();
  if (!serverUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-test-pg-'));
    host = await startPostgresHost(dataDir, () => {});
    serverUrl = host.url;
  }
  const templateDb = `sundial_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${templateDb}`);
  await admin.end();
  await migrateDatabase(databaseUrl(serverUrl, templateDb));
  project.provide('serverUrl', serverUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`drop database if exists ${templateDb} with (force)`);
    await client.end();
    if (host) await stopPostgresHost(host);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
