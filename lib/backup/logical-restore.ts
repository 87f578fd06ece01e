import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { applyMigrations, migrationsFolder } from '../../db/migrate';
import { LOGICAL_FORMAT, LOGICAL_VERSION, quoteIdent, sundialTables, TABLE_MARK, type LogicalHeader } from './logical-format';

const BATCH_ROWS = 1000;

/**
 * Restores a backup in Sundial's own format into a new, empty database: migrates it to the
 * backup's migrations, loads every table in one transaction (parents first, as written, with
 * the tables' own triggers off so no incident or wake-up fires for old rows), moves identity
 * sequences past the loaded ids, then migrates on to this build's schema.
 */
export async function restoreLogical(file: string, url: string, connectTimeoutMs = 10_000): Promise<Record<string, number>> {
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const header = parseHeader((await lines.next()).value);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => {});
  await client.connect();
  try {
    if ((await sundialTables(client)).length > 0) throw new Error('the target database has tables: restore into a new, empty database');
    await migrateTo(client, header.migrations);
    const counts = await load(client, lines, header.tables);
    await applyMigrations(url, connectTimeoutMs);
    return counts;
  } finally {
    await client.end();
  }
}

function parseHeader(line: string | undefined): LogicalHeader {
  let header: Partial<LogicalHeader> | undefined;
  try {
    header = JSON.parse(line ?? '') as Partial<LogicalHeader>;
  } catch {
    // Not ours: said below.
  }
  if (header?.format !== LOGICAL_FORMAT) throw new Error(`not a Sundial backup (a .dump file from pg_dump is restored with pg_restore)`);
  if (header.version !== LOGICAL_VERSION) throw new Error(`backup format version ${header.version}; this Sundial reads version ${LOGICAL_VERSION}`);
  return header as LogicalHeader;
}

/** Applies exactly the migrations the backed-up database had, so its rows fit the tables. */
async function migrateTo(client: pg.Client, applied: number[]): Promise<void> {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { when: number; tag: string }[] };
  const entries = journal.entries.filter((e) => applied.includes(e.when));
  if (entries.length < applied.length) throw new Error('the backup was written by a newer Sundial (it has migrations this one does not know): restore it with that version');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sundial-restore-'));
  try {
    await mkdir(path.join(dir, 'meta'));
    await writeFile(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const e of entries) await copyFile(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    await migrate(drizzle(client), { migrationsFolder: dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function load(client: pg.Client, lines: AsyncIterator<string>, tables: string[]): Promise<Record<string, number>> {
  const known = new Set(await sundialTables(client));
  const missing = tables.filter((t) => !known.has(t));
  if (missing.length > 0) throw new Error(`the backup has tables its migrations do not create: ${missing.join(', ')}`);
  const counts: Record<string, number> = {};
  await client.query('begin');
  for (const t of tables) await client.query(`alter table ${quoteIdent(t)} disable trigger user`);
  let table: string | undefined;
  let batch: string[] = [];
  const flush = async () => {
    if (table && batch.length > 0) await insertRows(client, table, batch);
    batch = [];
  };
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value;
    if (line.startsWith(TABLE_MARK)) {
      await flush();
      table = line.slice(TABLE_MARK.length);
      if (!tables.includes(table)) throw new Error(`the backup is damaged: table ${table} is not in its header`);
      counts[table] = 0;
    } else if (line) {
      if (!table) throw new Error('the backup is damaged: a row before any table');
      batch.push(line);
      counts[table]! += 1;
      if (batch.length >= BATCH_ROWS) await flush();
    }
  }
  await flush();
  for (const t of tables) await client.query(`alter table ${quoteIdent(t)} enable trigger user`);
  await resetSequences(client);
  await client.query('commit');
  return counts;
}

async function insertRows(client: pg.Client, table: string, rows: string[]): Promise<void> {
  const { rows: columns } = await client.query<{ name: string }>(
    `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
    [quoteIdent(table)],
  );
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  await client.query(`insert into ${quoteIdent(table)} (${list}) overriding system value select ${list} from json_populate_recordset(null::${quoteIdent(table)}, $1::json)`, [`[${rows.join(',')}]`]);
}

/** Identity and serial columns continue after the highest restored id. */
async function resetSequences(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = 'public' and (is_identity = 'YES' or column_default like 'nextval(%')`,
  );
  for (const { table_name: t, column_name: c } of rows) {
    await client.query(`select setval(pg_get_serial_sequence($1, $2), m) from (select max(${quoteIdent(c)}) as m from ${quoteIdent(t)}) s where m is not null`, [quoteIdent(t), c]);
  }
}
