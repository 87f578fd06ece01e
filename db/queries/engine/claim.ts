import type pg from 'pg';

/**
 * Claim up to `limit` runnable runs in one statement; the lease is set in the same
 * statement. The concurrency and rate-limit rules live in sundial_claim_runs
 * (db/migrations/0002_claim_function.sql).
 */
export async function claimRuns<T>(pool: pg.Pool, workerId: string, limit: number, leaseSeconds: number): Promise<T[]> {
  const { rows } = await pool.query<T & object>('select * from sundial_claim_runs($1, $2, $3)', [workerId, limit, leaseSeconds]);
  return rows;
}

export async function loadTasks<T>(pool: pg.Pool, ids: string[]): Promise<T[]> {
  const { rows } = await pool.query<T & object>('select id, name, handler, config, policy from tasks where id = any($1::uuid[])', [ids]);
  return rows;
}
