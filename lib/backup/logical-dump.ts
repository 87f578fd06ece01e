import type pg from 'pg';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { appliedMigrations, LOGICAL_FORMAT, LOGICAL_VERSION, quoteIdent, sundialTables, TABLE_MARK, type LogicalHeader } from './logical-format';

const FETCH_ROWS = 1000;

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Writes every table of Sundial's database to `out` as one consistent snapshot: a REPEATABLE
 * READ, READ ONLY transaction, read through a cursor so a large table never sits in memory.
 * Returns the row count per table.
 */
export async function writeLogicalBackup(client: pg.ClientBase, out: Writable, signal?: AbortSignal): Promise<Record<string, number>> {
  await client.query('begin isolation level repeatable read read only');
  try {
    const tables = await sundialTables(client);
    const { rows } = await client.query<{ v: string }>(`select current_setting('server_version') as v`);
    const header: LogicalHeader = { format: LOGICAL_FORMAT, version: LOGICAL_VERSION, migrations: await appliedMigrations(client), serverVersion: rows[0]!.v, createdAt: new Date().toISOString(), tables };
    await write(out, `${JSON.stringify(header)}\n`);
    const counts: Record<string, number> = {};
    for (const table of tables) {
      await write(out, `${TABLE_MARK}${table}\n`);
      counts[table] = await copyTable(client, table, out, signal);
    }
    return counts;
  } finally {
    await client.query('rollback');
  }
}

async function copyTable(client: pg.ClientBase, table: string, out: Writable, signal?: AbortSignal): Promise<number> {
  await client.query(`declare backup_rows no scroll cursor for select row_to_json(t)::text as j from ${quoteIdent(table)} t`);
  let count = 0;
  for (;;) {
    signal?.throwIfAborted();
    const { rows } = await client.query<{ j: string }>(`fetch ${FETCH_ROWS} from backup_rows`);
    if (rows.length === 0) break;
    await write(out, rows.map((r) => `${r.j}\n`).join(''));
    count += rows.length;
  }
  await client.query('close backup_rows');
  return count;
}
