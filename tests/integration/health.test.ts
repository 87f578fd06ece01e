import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/client';
import { expectedSchemaVersion } from '../../db/version';
import { getHealth } from '../../lib/health';
import { testWorker } from '../helpers/worker';
import { withTestDatabase } from '../helpers/db';

const database = withTestDatabase();

describe('health', () => {
  it('is degraded with the database up but no live worker', async () => {
    const health = await getHealth(database.pool, database.db);
    expect(health).toMatchObject({
      status: 'degraded',
      database: { up: true },
      schema: { state: 'current', version: expectedSchemaVersion },
      workers: { live: 0, list: [] },
    });
  });

  it('is ok and lists the worker with its last heartbeat once one runs', async () => {
    const worker = testWorker(database, { id: 'health-w' });
    await worker.start();
    const health = await getHealth(database.pool, database.db);
    expect(health.status).toBe('ok');
    expect(health.workers.live).toBe(1);
    expect(health.workers.list[0]).toMatchObject({ id: 'health-w', secondsSinceHeartbeat: expect.any(Number) });
    expect(health.workers.list[0]!.secondsSinceHeartbeat).toBeLessThan(5);
    await worker.stop();
  });

  it('is down, without throwing, when the database cannot be reached', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 1000 });
    const health = await getHealth(pool, createDb(pool));
    expect(health.status).toBe('down');
    expect(health.database.up).toBe(false);
    await pool.end();
  });
});
