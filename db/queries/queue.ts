import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { runs } from '../schema';

/** The engine's backlog, measured on the database clock. */
export type QueueState = {
  /** Queued runs a worker could claim now (`not_before <= now()`). */
  depth: number;
  /** Queued runs deferred to later: retry backoff or a rate limit. */
  waiting: number;
  /** How long the oldest claimable run has been claimable, in whole seconds (rounded down); null when depth is 0. */
  oldestAgeSeconds: number | null;
};

const runnable = sql`${runs.notBefore} <= now()`;

/**
 * The in-process workers' backlog: runs on a remote queue wait for remote workers and are
 * left out. One pass over runs_claim_idx (not_before, id) where status = 'queued' and queue
 * is null: the predicate
 * names only what that partial index covers, so the cost follows the queued runs, never
 * the whole history (an index-only scan: some 600 index pages and tens of milliseconds for
 * 100,000 queued runs). 'queued' is a literal, not a parameter, so that even a generic
 * prepared plan can prove the index's predicate. Age counts from not_before, when the run
 * became claimable, so a retry that sat out its backoff is not reported as having waited
 * for a worker all that time.
 */
export const queueStateQuery = (db: Db) =>
  db
    .select({
      depth: sql<number>`count(*) filter (where ${runnable})::int`,
      waiting: sql<number>`count(*) filter (where not (${runnable}))::int`,
      oldestAgeSeconds: sql<number | null>`floor(extract(epoch from now() - min(${runs.notBefore}) filter (where ${runnable})))::int`,
    })
    .from(runs)
    .where(sql`${runs.status} = 'queued' and ${runs.queue} is null`);

export async function queueState(db: Db): Promise<QueueState> {
  const [row] = await queueStateQuery(db);
  return row ?? { depth: 0, waiting: 0, oldestAgeSeconds: null };
}
