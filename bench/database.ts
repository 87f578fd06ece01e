import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '../db/migrate';
import { startPostgresHost, stopPostgresHost } from '../lib/launcher/postgres-host';

export type BenchDatabase = { url: string; label: string; drop: () => Promise<void> };

/** A fresh, migrated database: on DATABASE_URL's server when set, else on an embedded Postgres. */
export async function benchDatabase(): Promise<BenchDatabase> {
  let server = process.env.DATABASE_URL;
  let cleanup = async () => {};
  let label = 'DATABASE_URL';
  if (!server) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-bench-'));
    const host = await startPostgresHost(dataDir, () => {});
    server = host.url;
    label = `embedded Postgres (${dataDir})`;
    cleanup = async () => {
      await stopPostgresHost(host);
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const name = `sundial_bench_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  return {
    url: url.toString(),
    label,
    drop: async () => {
      await admin(`drop database if exists ${name} with (force)`);
      await cleanup();
    },
  };
}
