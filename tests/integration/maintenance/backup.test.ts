import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compatible, findClient } from '../../../lib/backup/pg-dump';
import { triggerRun } from '../../../lib/tasks/service';
import type { Worker } from '../../../worker/worker';
import { createDatabase, dropDatabase, withTestDatabase, type TestDatabase } from '../../helpers/db';
import { cleanEnv, runEntry, waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// Issue 13, point 4: a backup written and restorable, by pg_dump and by Sundial's own format.
// On PostgreSQL 15, like /usr/bin/pg_dump here, both ways run; on the embedded 18, the fallback.

const database = withTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-backups-'));
const restored: TestDatabase[] = [];
let worker: Worker;

beforeAll(async () => {
  const task = await makeTask(database, { name: 'backed up', schedule: { kind: 'manual' } });
  for (let i = 0; i < 3; i++) {
    const { rows } = await database.pool.query<{ id: string }>(`insert into runs (task_id, trigger, status, scheduled_for, finished_at, result) values ($1, 'manual', 'succeeded', now(), now(), $2) returning id`, [
      task.id,
      JSON.stringify({ i, text: 'line\nbreak "quoted" é' }),
    ]);
    await database.pool.query(`insert into run_logs (run_id, seq, message) values ($1, 1, 'hello'), ($1, 2, 'tab\there')`, [rows[0]!.id]);
  }
  worker = testWorker(database, { id: 'backup-w', schedulerEnabled: false });
  await worker.start();
});

afterAll(async () => {
  await worker?.stop();
  for (const db of restored) await dropDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function backup(name: string, config: Record<string, unknown>, testMode = false) {
  const task = await makeTask(database, { name, handler: 'sundial.backup', config: { directory: dir, ...config }, schedule: { kind: 'manual' } });
  const queued = await triggerRun(database.db, task.id, { trigger: 'manual', testMode });
  if (!queued.ok) throw new Error('could not queue');
  await waitUntil(async () => !['queued', 'running'].includes((await runsOf(database, task.id))[0]!.status), 60_000, `${name} to end`);
  const run = (await runsOf(database, task.id))[0]!;
  expect(run.error_message).toBeNull();
  return run.result as { file: string; bytes: number; durationMs: number; method: string; removed: string[]; testMode: boolean };
}

async function restore(file: string): Promise<TestDatabase> {
  const target = await createDatabase('empty');
  restored.push(target);
  const proc = runEntry('bin/restore.ts', cleanEnv(), [file, target.url]);
  const { code } = await proc.exit;
  expect(code, proc.output()).toBe(0);
  return target;
}

// The backup's own run (and its log lines) is written while the backup runs: compare the rest.
const SEEDED = `runs.task_id = (select id from tasks where name = 'backed up')`;
const seeded = async (db: TestDatabase) => ({
  runs: await count(db, `runs where ${SEEDED}`),
  logs: await count(db, `run_logs join runs on runs.id = run_id where ${SEEDED}`),
});
const count = async (db: TestDatabase, table: string) => Number((await db.pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
const finished = () => fs.readdirSync(dir).filter((f) => f.startsWith('sundial-')).sort();

describe('the backup handler', () => {
  it('writes a pg_dump backup that pg_restore brings back', async (ctx) => {
    // No pg_dump can dump a newer server: under the embedded PostgreSQL 18 only the fallback
    // runs (the next test); CI's PostgreSQL 15 run has a matching pg_dump and runs this one.
    const serverMajor = Math.floor(Number((await database.pool.query<{ v: string }>('select current_setting($1) as v', ['server_version_num'])).rows[0]!.v) / 10_000);
    const client = await findClient('pg_dump');
    if (!client || !compatible(client, serverMajor)) ctx.skip();
    const result = await backup('with pg_dump', { method: 'pg_dump' });
    expect(result).toMatchObject({ method: 'pg_dump', testMode: false, removed: [] });
    expect(result.file).toMatch(/\/sundial-\d{8}T\d{9}Z\.dump$/);
    expect(fs.statSync(result.file).size).toBe(result.bytes);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);

    const copy = await restore(result.file);
    expect(await seeded(copy)).toEqual({ runs: 3, logs: 6 });
    expect(await count(copy, 'tasks')).toBe(await count(database, 'tasks'));
  });

  it("writes Sundial's own format when asked (the fallback without a compatible pg_dump), which npm run restore brings back", async () => {
    const result = await backup('logical', { method: 'logical' });
    expect(result).toMatchObject({ method: 'logical', testMode: false });
    expect(result.file).toMatch(/\.sundial\.gz$/);

    const copy = await restore(result.file);
    expect(await seeded(copy)).toEqual({ runs: 3, logs: 6 });
    for (const table of ['tasks', 'settings', 'workers', 'handlers']) expect(await count(copy, table), table).toBe(await count(database, table));
    const row = async (db: TestDatabase) => (await db.pool.query(`select result, message from runs join run_logs on run_id = runs.id where seq = 2 order by runs.id limit 1`)).rows[0];
    expect(await row(copy)).toEqual(await row(database));
    // Identity columns go on after the restored ids, and the schema is this build's.
    const { rows } = await copy.pool.query<{ id: string; max: string }>(
      `insert into runs (task_id, trigger, status, scheduled_for) select id, 'manual', 'queued', now() from tasks limit 1 returning id, (select max(id) from runs) as max`,
    );
    expect(Number(rows[0]!.id)).toBeGreaterThan(Number(rows[0]!.max));
    const migrations = async (db: TestDatabase) => count(db, 'drizzle.__drizzle_migrations');
    expect(await migrations(copy)).toBe(await migrations(database));

    // A database that is not empty is refused, and left as it was.
    const runsBefore = await count(copy, 'runs');
    const again = runEntry('bin/restore.ts', cleanEnv(), [result.file, copy.url]);
    expect((await again.exit).code).toBe(1);
    expect(again.output()).toContain('restore into a new, empty database');
    expect(await count(copy, 'runs')).toBe(runsBefore);
  });

  it('keeps the newest backups, never counts a half-written one, and a test run removes nothing', async () => {
    fs.writeFileSync(path.join(dir, '.sundial-20200101T000000000Z.dump.1234.partial'), 'half');
    await backup('keep 1', { keep: 2, method: 'logical' });
    const kept = await backup('keep 2', { keep: 2, method: 'logical' });
    expect(kept.removed).toHaveLength(1);
    expect(finished()).toHaveLength(2);
    expect(finished().at(-1)).toBe(path.basename(kept.file));

    const dry = await backup('dry', { keep: 1, method: 'logical' }, true);
    expect(dry).toMatchObject({ testMode: true, removed: [] });
    expect(dry.bytes).toBeGreaterThan(0);
    expect(finished()).toHaveLength(2);
    expect(fs.existsSync(path.join(dir, '.sundial-20200101T000000000Z.dump.1234.partial'))).toBe(true);
  });
});
