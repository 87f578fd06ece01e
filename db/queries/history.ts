import { sql } from 'drizzle-orm';
import type pg from 'pg';
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
 * A sort that remains (queued and running runs, see runsSource) is priced as disabled, so
 * far over jit_above_cost that compiling the plan took 100 to 300 ms for a query of one;
 * these reads never need JIT, so it is off too.
 */
export const ORDERED_PLANS = `select set_config('enable_sort', 'off', true), set_config('enable_incremental_sort', 'off', true), set_config('jit', 'off', true)`;

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

/**
 * The rows of one query, a batch at a time, from a server-side cursor: memory stays at one
 * batch whatever the total. One read-only transaction, so one snapshot: a count taken in
 * the query holds for every batch. The connection is held from open() until the last batch
 * is read or close() is called; a reader that asks for nothing for `idleMs` loses it (a
 * download whose client went quiet must not keep one of the pool's few connections), and
 * its next read() throws rather than end the file early as if it were complete.
 */
export class RowCursor<R extends Record<string, unknown>> {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private expired = false;

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly batch: number,
    private readonly idleMs: number,
  ) {}

  static async open<R extends Record<string, unknown>>(pool: pg.Pool, query: { sql: string; params: unknown[] }, batch: number, idleMs = 60_000): Promise<RowCursor<R>> {
    const client = await pool.connect();
    const cursor = new RowCursor<R>(client, batch, idleMs);
    try {
      await client.query(`begin read only; ${ORDERED_PLANS}`);
      await client.query({ text: `declare history_rows no scroll cursor for ${query.sql}`, values: query.params });
      return cursor;
    } catch (err) {
      await cursor.close();
      throw err;
    }
  }

  /** The next batch, or [] once every row was read. */
  async read(): Promise<R[]> {
    clearTimeout(this.timer);
    if (this.expired) throw new Error(`the reader was idle for over ${this.idleMs / 1000} s and its database connection was released`);
    if (this.closed) return [];
    try {
      const { rows } = await this.client.query<R>(`fetch ${this.batch} from history_rows`);
      if (rows.length < this.batch) await this.close();
      else if (!this.closed) this.timer = setTimeout(() => this.expire(), this.idleMs).unref();
      return rows;
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  private expire(): void {
    this.expired = true;
    void this.close();
  }

  /** Ends the transaction (read-only: nothing to keep) and releases the connection; destroys it if its state is unknown. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    const clean = await this.client.query('rollback').then(() => true, () => false);
    this.client.release(!clean);
  }
}
