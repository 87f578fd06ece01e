import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '../lib/schema';
import { startPostgresHost, stopPostgresHost } from '../lib/launcher/postgres-host';

export type BenchDatabase = { url: string; drop: () => Promise<void> };
export type BenchServer = { label: string; database: (figure: string) => Promise<BenchDatabase>; stop: () => Promise<void> };

/**
 * One Postgres for the whole bench: DATABASE_URL's server when set, else an embedded one.
 * Each figure gets a fresh migrated database on it, so rows, dead tuples and (absent)
 * statistics left by one figure never change the plans of the next.
 */
export async function benchServer(): Promise<BenchServer> {
  let server = process.env.DATABASE_URL;
  let stop = async () => {};
  let label = 'DATABASE_URL';
  if (!server) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-bench-'));
    const host = await startPostgresHost(dataDir, () => {});
    server = host.url;
    label = `embedded Postgres (${dataDir})`;
    stop = async () => {
      await stopPostgresHost(host);
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const { rows } = await admin(`select current_setting('server_version') as version, current_setting('autovacuum') as autovacuum`);
  label = `${label}, PostgreSQL ${rows[0].version}, autovacuum ${rows[0].autovacuum}`;
  return {
    label,
    stop,
    database: async (figure) => {
      const name = `sundial_bench_${process.pid}_${figure.replace(/\W+/g, '_')}`;
      await admin(`drop database if exists ${name} with (force)`);
      await admin(`create database ${name}`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      await migrateDatabase(url.toString());
      return { url: url.toString(), drop: async () => void (await admin(`drop database if exists ${name} with (force)`)) };
    },
  };
}
