import type { TestDatabase } from './db';

/** Every start on a rate-limit key, in ms since the epoch, oldest first: batch items' events and runs started under the key. */
export async function startsOnKey(database: TestDatabase, key: string): Promise<number[]> {
  const { rows } = await database.pool.query<{ ms: number }>(
    `select extract(epoch from at)::float8 * 1000 as ms from rate_limit_events where key = $1
     union all
     select extract(epoch from started_at)::float8 * 1000 from runs where rate_limit_key = $1 and started_at is not null
     order by 1`,
    [key],
  );
  return rows.map((r) => r.ms);
}

/**
 * The most starts seen in any window of `perSeconds` (a start counts while it is less than
 * perSeconds old, as the claim counts it).
 */
export function mostStartsInAWindow(starts: number[], perSeconds: number): number {
  let most = 0;
  for (let i = 0; i < starts.length; i++) {
    most = Math.max(most, starts.filter((t) => t <= starts[i]! && t > starts[i]! - perSeconds * 1000).length);
  }
  return most;
}
