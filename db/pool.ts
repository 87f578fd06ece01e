import pg from 'pg';

export function createPool(url: string, options: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, ...options });
  // A client that loses its server must not crash the process, idle in the pool or checked
  // out (pg-pool stops listening while it is checked out). The query in flight, or the next
  // one, gets the error; release() then drops the broken client and the pool opens a new one.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
