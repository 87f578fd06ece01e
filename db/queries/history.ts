import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export type ReadTx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * History reads are keyset walks: newest first on (scheduled_for, id), a page or an export
 * at a time, and each filter has an index that yields that order (db/schema/tasks.ts). A
 * sort is never the right plan for them, but without table statistics (autovacuum off, or
 * a table written faster than it is analyzed) the planner prices every equality at 0.5% of
 * the rows, so two of them on an unordered index look like a handful of rows to sort, when
 * they can be a task's every run. Turning sorts off for the transaction tells the planner
 * what the statistics would have: take the ordered index and stop at the limit.
 */
export const ORDERED_PLANS = `select set_config('enable_sort', 'off', true), set_config('enable_incremental_sort', 'off', true)`;

/** `read` in a read-only transaction planned with ORDERED_PLANS. */
export function orderedRead<T>(db: Db, read: (tx: ReadTx) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      await tx.execute(sql.raw(ORDERED_PLANS));
      return read(tx);
    },
    { accessMode: 'read only' },
  );
}
