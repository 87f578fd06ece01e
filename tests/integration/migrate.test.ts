import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../lib/schema';
import { expectedSchemaVersion, schemaStatus } from '../../db/version';
import { assertSchemaCurrent } from '../../lib/schema';
import { createDatabase, dropDatabase, type TestDatabase } from '../helpers/db';
import { cleanEnv, runEntry } from '../helpers/processes';

const tables = ['api_keys', 'audit_log', 'handlers', 'incidents', 'notification_channels', 'outbox', 'rate_limit_events', 'run_logs', 'run_steps', 'runs', 'secrets', 'settings', 'sign_in_attempts', 'stats_daily_totals', 'task_state', 'task_stats_daily', 'tasks', 'user_sessions', 'users', 'workers'];

const opened: TestDatabase[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createDatabase('empty');
  opened.push(database);
  return database;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map(dropDatabase));
});

async function migrationRows(database: TestDatabase): Promise<number> {
  const { rows } = await database.pool.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  return rows[0]!.n;
}

describe('migrations', () => {
  it('create the whole schema on an empty database, then find nothing to do', async () => {
    const database = await emptyDatabase();
    expect((await schemaStatus(database.pool)).state).toBe('empty');

    const first = await migrateDatabase(database.url);
    expect(first).toMatchObject({ state: 'current', version: expectedSchemaVersion, applied: expectedSchemaVersion });
    const { rows } = await database.pool.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(tables);

    const second = await migrateDatabase(database.url);
    expect(second.applied).toBe(0);
    expect(await migrationRows(database)).toBe(expectedSchemaVersion);
  });

  it('apply once when two processes migrate at the same moment', async () => {
    const database = await emptyDatabase();
    const env = cleanEnv({ DATABASE_URL: database.url });
    const a = runEntry('bin/migrate.ts', env);
    const b = runEntry('bin/migrate.ts', env);
    const [ea, eb] = await Promise.all([a.exit, b.exit]);
    expect({ a: ea.code, b: eb.code }, a.output() + b.output()).toEqual({ a: 0, b: 0 });
    const outputs = [a.output(), b.output()].sort();
    expect(outputs.filter((o) => o.includes('already up to date'))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes(`applied ${expectedSchemaVersion} migration`))).toHaveLength(1);
    expect(await migrationRows(database)).toBe(expectedSchemaVersion);
  });

  it('enforce one run per task slot for scheduled triggers only', async () => {
    const database = await emptyDatabase();
    await migrateDatabase(database.url);
    const { rows } = await database.pool.query<{ id: string }>(
      `insert into tasks (name, handler, schedule) values ('nightly', 'noop', '{"kind":"manual"}') returning id`,
    );
    const task = rows[0]!.id;
    const slot = '2026-03-08T07:00:00Z';
    const insertRun = (trigger: string) =>
      database.pool.query(`insert into runs (task_id, trigger, scheduled_for) values ($1, $2, $3)`, [task, trigger, slot]);
    await insertRun('schedule');
    await expect(insertRun('schedule')).rejects.toThrow(/runs_task_slot_key/);
    await expect(insertRun('catch_up')).rejects.toThrow(/runs_task_slot_key/);
    await insertRun('manual');
    await insertRun('manual');
    await expect(insertRun('whenever')).rejects.toThrow(/runs_trigger_check/);
  });

  it('make web and worker refuse a schema newer than they know', async () => {
    const database = await emptyDatabase();
    await migrateDatabase(database.url);
    await database.pool.query(
      `insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', $1)`,
      [Date.now() + 10 ** 10],
    );
    await expect(assertSchemaCurrent(database.pool)).rejects.toThrow(/newer than this Sundial build/);

    const worker = runEntry('worker/index.ts', cleanEnv({ DATABASE_URL: database.url }));
    const { code } = await worker.exit;
    expect(code).toBe(1);
    expect(worker.output().trim()).toMatch(/^sundial worker: the database schema is newer than this Sundial build/);
    expect(worker.output().trim().split('\n')).toHaveLength(1);
  });

  it('report an unmigrated database as behind', async () => {
    const database = await emptyDatabase();
    await expect(assertSchemaCurrent(database.pool)).rejects.toThrow(/version 0 of \d+: run `npm run db:migrate`/);
  });
});
