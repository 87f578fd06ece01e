import type pg from 'pg';

// Sundial's own backup format, for when no pg_dump can dump the server (see the README,
// "Built-in maintenance"): gzip'd lines, a JSON header first, then per table a "#table NAME"
// line followed by one row_to_json line per row. Rows never start with "#".
export const LOGICAL_FORMAT = 'sundial-backup';
export const LOGICAL_VERSION = 1;
export const TABLE_MARK = '#table ';

export type LogicalHeader = {
  format: typeof LOGICAL_FORMAT;
  version: number;
  /** drizzle's created_at of every migration the database had: a restore migrates to exactly these first. */
  migrations: number[];
  serverVersion: string;
  createdAt: string;
  tables: string[];
};

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * Sundial's tables (schema public), each after the tables its foreign keys point to, so a
 * restore can load them in this order. Partitions are read through their parent.
 */
export async function sundialTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
  );
  const { rows: edges } = await db.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
     join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
     join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f' and n.nspname = 'public' and k.conrelid <> k.confrelid`,
  );
  return parentsFirst(rows.map((r) => r.name), edges);
}

/** Kahn's topological order, ties by name; tables caught in a cycle (none today) come last. */
export function parentsFirst(tables: string[], edges: { child: string; parent: string }[]): string[] {
  const order: string[] = [];
  const left = new Set(tables);
  while (left.size > 0) {
    const ready = [...left].filter((t) => !edges.some((e) => e.child === t && left.has(e.parent)));
    if (ready.length === 0) return [...order, ...[...left].sort()];
    for (const t of ready.sort()) {
      order.push(t);
      left.delete(t);
    }
  }
  return order;
}

export async function appliedMigrations(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ created_at: string }>(`select created_at from drizzle.__drizzle_migrations order by created_at`);
  return rows.map((r) => Number(r.created_at));
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
