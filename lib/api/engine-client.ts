import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Queryable } from '../../db/queries/engine/tx';

/**
 * The engine's queries (written for a pg client, with $n parameters) run inside a route's
 * drizzle transaction, so that what they write and the route's audit entry commit together.
 * Each $n becomes one bound parameter (sql.param: an array stays one array parameter).
 */
export function engineClient(db: Db): Queryable {
  const query = async (config: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
    const text = typeof config === 'string' ? config : config.text;
    const params = (typeof config === 'string' ? values : (config.values ?? values)) ?? [];
    const parts = text.split(/\$(\d+)/);
    const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${sql.param(params[Number(part) - 1])}`));
    const result = await db.execute(sql.join(chunks));
    return { rows: result.rows, rowCount: result.rowCount, command: '', oid: 0, fields: [] };
  };
  return { query } as unknown as Queryable;
}
