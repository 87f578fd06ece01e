import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPool } from '../../../db/pool';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';

const database = withTestDatabase();

/**
 * pg-pool stops listening for errors on a client while it is checked out. A server that drops
 * the connection then emits an 'error' nobody handles, which kills the worker process (seen in
 * the fault suite on a database restart). Every pool we create must survive it.
 */
describe('a pool whose checked-out connection is dropped by the server', () => {
  let uncaught: unknown[];
  const onUncaught = (err: unknown) => uncaught.push(err);
  let pool: pg.Pool;

  beforeEach(() => {
    uncaught = [];
    process.on('uncaughtException', onUncaught);
    pool = createPool(database.url, { max: 2 });
  });
  afterEach(async () => {
    process.off('uncaughtException', onUncaught);
    await pool.end();
  });

  async function terminate(client: pg.PoolClient): Promise<void> {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    await database.pool.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
  }

  it('does not crash while the connection sits idle, and the pool replaces it', async () => {
    const client = await pool.connect();
    await terminate(client);
    await waitUntil(async () => !(client as unknown as { _queryable: boolean })._queryable, 5000, 'the client to see the drop');
    await expect(client.query('select 1')).rejects.toThrow();
    client.release();
    expect(uncaught).toEqual([]);
    expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('fails the query in flight instead of crashing', async () => {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const sleeping = client.query('select pg_sleep(30)');
    await waitUntil(async () => (await database.pool.query(`select 1 from pg_stat_activity where pid = $1 and query like 'select pg_sleep%'`, [rows[0]!.pid])).rowCount === 1, 5000, 'the sleep to start');
    await database.pool.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    await expect(sleeping).rejects.toThrow(/terminat/);
    client.release();
    await new Promise((r) => setTimeout(r, 100));
    expect(uncaught).toEqual([]);
  });
});
