import type pg from 'pg';

/** A task's timeout in seconds, from its stored (normalised) policy; null when the task is gone. */
export async function taskTimeoutSeconds(db: Pick<pg.Pool, 'query'>, taskId: string): Promise<number | null> {
  const { rows } = await db.query<{ seconds: number | null }>(`select (policy->>'timeoutSeconds')::float8 as seconds from tasks where id = $1`, [taskId]);
  return rows[0]?.seconds ?? null;
}
