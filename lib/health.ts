import type pg from 'pg';
import type { Db } from '../db/client';
import { listLiveWorkers, type LiveWorker } from '../db/queries/workers';
import { schemaStatus, type SchemaStatus } from '../db/version';
import { sundialVersion } from './version';

export type Health = {
  /** ok: database up, schema current, a live worker. degraded: up, but one of those is off. down: no database. */
  status: 'ok' | 'degraded' | 'down';
  version: string;
  time: string;
  database: { up: true; serverVersion: string; latencyMs: number } | { up: false; error: string };
  schema: SchemaStatus | null;
  workers: { live: number; list: LiveWorker[] };
};

export async function getHealth(pool: pg.Pool, db: Db): Promise<Health> {
  const started = performance.now();
  try {
    const { rows } = await pool.query<{ now: Date; version: string }>(
      `select now() as now, current_setting('server_version') as version`,
    );
    const latencyMs = Math.round(performance.now() - started);
    const [schema, list] = await Promise.all([schemaStatus(pool), listLiveWorkers(db)]);
    const ok = schema.state === 'current' && list.length > 0;
    return {
      status: ok ? 'ok' : 'degraded',
      version: sundialVersion,
      time: (rows[0]?.now ?? new Date()).toISOString(),
      database: { up: true, serverVersion: rows[0]?.version ?? 'unknown', latencyMs },
      schema,
      workers: { live: list.length, list },
    };
  } catch (err) {
    return {
      status: 'down',
      version: sundialVersion,
      time: new Date().toISOString(),
      database: { up: false, error: err instanceof Error ? err.message : String(err) },
      schema: null,
      workers: { live: 0, list: [] },
    };
  }
}
