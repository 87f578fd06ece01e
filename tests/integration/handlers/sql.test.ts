import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_PAYLOAD, RUNS_CHANNEL } from '../../../db/queries/engine/channels';
import { createTaskRoute } from '../../../lib/api/v1/tasks';
import { seal } from '../../../lib/secrets/crypto';
import { secretKeyring } from '../../../lib/secrets/keys';
import { triggerRun } from '../../../lib/tasks/service';
import type { Worker } from '../../../worker/worker';
import { call, makeCallers, withApiEnvironment } from '../../helpers/api';
import { createDatabase, dropDatabase, withTestDatabase, type TestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// Issue 13, point 3: the sql handler on a real worker, against a second database (the app's).

const database = withTestDatabase();
withApiEnvironment(database);
const PASSWORD = 'pw-4f9c1e7a-never-shown';
let app: TestDatabase;
let worker: Worker;

/**
 * The app's URL with a password in it: the server's own when it has one (the embedded server
 * checks it), else a made-up one (a trusting local server ignores it). Either must never show.
 */
const password = () => new URL(app.url).password || PASSWORD;
function urlWithPassword(port?: number): string {
  const url = new URL(app.url);
  url.password = password();
  if (port) url.port = String(port);
  return url.toString();
}

async function secret(name: string, value: string): Promise<void> {
  const ring = secretKeyring();
  await database.pool.query(`insert into secrets (name, sealed, key_id, created_by, updated_by) values ($1, $2, $3, 'test', 'test')`, [
    name,
    seal(ring, value, `secret:${name}`),
    ring.current.id,
  ]);
}

beforeAll(async () => {
  process.env.SUNDIAL_SECRET_KEY ??= 'sql-handler-test-secret-key-long-enough';
  app = await createDatabase('empty');
  await app.pool.query(`create table sessions (id serial primary key, expires_at timestamptz not null)`);
  await app.pool.query(`insert into sessions (expires_at) values (now() - interval '2 days'), (now() - interval '1 hour'), (now() - interval '1 minute'), (now() + interval '1 day'), (now() + interval '2 days')`);
  await secret('APP_DATABASE_URL', urlWithPassword());
  await secret('DOWN_DATABASE_URL', urlWithPassword(1));
  worker = testWorker(database, { id: 'sql-w', schedulerEnabled: false });
  await worker.start();
});

afterAll(async () => {
  await worker?.stop();
  if (app) await dropDatabase(app);
});

const sessions = async () => Number((await app.pool.query<{ n: string }>('select count(*) as n from sessions')).rows[0]!.n);

async function startTask(name: string, config: Record<string, unknown>, options: { policy?: Record<string, unknown>; testMode?: boolean; params?: Record<string, unknown> } = {}) {
  const task = await makeTask(database, { name, handler: 'sql', config: { connection: '{{secrets.APP_DATABASE_URL}}', ...config }, schedule: { kind: 'manual' }, policy: options.policy });
  const queued = await triggerRun(database.db, task.id, { trigger: 'manual', testMode: options.testMode, params: options.params });
  if (!queued.ok) throw new Error('could not queue a run');
  return { taskId: task.id, runId: queued.value.runId };
}

async function ended(taskId: string) {
  await waitUntil(async () => (await runsOf(database, taskId)).every((r) => !['queued', 'running'].includes(r.status)), 20_000, 'the runs to end');
  const runs = await runsOf(database, taskId);
  return { runs, last: runs.at(-1)! };
}

const runTask = async (...args: Parameters<typeof startTask>) => ended((await startTask(...args)).taskId);

const sleeping = async () => (await app.pool.query<{ application_name: string }>(`select application_name from pg_stat_activity where query = 'select pg_sleep(60)' and state = 'active'`)).rows;

const CLEANUP = { statement: 'DELETE FROM sessions WHERE expires_at < now()' };

describe('the sql handler', () => {
  it('in test mode runs the cleanup in a transaction it rolls back, and says so', async () => {
    const { last } = await runTask('cleanup dry run', CLEANUP, { testMode: true });
    expect(last.status).toBe('succeeded');
    expect(last.result).toMatchObject({ command: 'DELETE', rowCount: 3, rows: [], truncated: false, testMode: true, rolledBack: true });
    expect(await sessions()).toBe(5);
  });

  it('deletes the expired rows for real outside test mode', async () => {
    const { last } = await runTask('cleanup', CLEANUP);
    expect(last.status).toBe('succeeded');
    expect(last.result).toMatchObject({ command: 'DELETE', rowCount: 3, testMode: false });
    expect(last.result).not.toHaveProperty('rolledBack');
    expect(await sessions()).toBe(2);
  });

  it('binds fixed and run params, caps the rows kept, and sets the task timeout as statement_timeout', async () => {
    const statement = `select g, current_setting('statement_timeout') as timeout from generate_series(1, $1::int) g where g > $2::int`;
    const { last } = await runTask('params', { statement, params: ['{{params.n}}', 1], maxRows: 2 }, { params: { n: 6 }, policy: { timeoutSeconds: 42 } });
    expect(last.result).toMatchObject({ command: 'SELECT', rowCount: 5, rows: [{ g: 2, timeout: '42s' }, { g: 3, timeout: '42s' }], truncated: true });

    const missing = await runTask('param missing', { statement, params: ['{{params.n}}', 1] }, { policy: { maxAttempts: 3, backoffSeconds: 0 } });
    expect(missing.runs.map((r) => r.status)).toEqual(['failed']);
    expect(missing.last.error_message).toContain('$1 takes the run param "n", and this run was not given it');
  });

  it('a statement over the timeout ends timed out', async () => {
    const { last } = await runTask('slow', { statement: 'select pg_sleep(60)' }, { policy: { timeoutSeconds: 1 } });
    expect(last.status).toBe('timed_out');
    expect(last.error_message).toContain('timed out after 1s');
    await waitUntil(async () => (await sleeping()).length === 0, 5000, 'the statement to end');
  });

  it('cancelling the run cancels its statement on the server', async () => {
    const { taskId, runId } = await startTask('cancelled', { statement: 'select pg_sleep(60)' });
    await waitUntil(async () => (await sleeping()).length > 0, 10_000, 'the statement to start');
    expect(await sleeping()).toEqual([{ application_name: `sundial run ${runId}` }]);
    await database.pool.query(`update runs set cancel_requested_at = now() where id = $1`, [runId]);
    await database.pool.query(`select pg_notify($1, $2)`, [RUNS_CHANNEL, CANCEL_PAYLOAD]);
    expect((await ended(taskId)).last.status).toBe('cancelled');
    await waitUntil(async () => (await sleeping()).length === 0, 5000, 'the statement to be cancelled');
  });

  it('bad SQL fails once without retrying; a database that cannot be reached is retried; neither shows the URL or password', async () => {
    const bad = await runTask('typo', { statement: 'DELET FROM sessions' }, { policy: { maxAttempts: 3, backoffSeconds: 0 } });
    expect(bad.runs.map((r) => r.status)).toEqual(['failed']);
    const at = new URL(app.url);
    expect(bad.last.error_message).toContain(`syntax error at or near "DELET" (SQLSTATE 42601, at character 1) on ${at.hostname}:${at.port}/sundial_t_`);

    const two = await runTask('two statements', { statement: 'DELETE FROM sessions; DELETE FROM sessions' });
    expect(two.last.error_message).toContain('cannot insert multiple commands into a prepared statement');
    expect(await sessions()).toBe(2);

    const down = await runTask('down', { statement: 'select 1', connection: '{{secrets.DOWN_DATABASE_URL}}' }, { policy: { maxAttempts: 2, backoffSeconds: 0 } });
    expect(down.runs.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(down.last.error_message).toMatch(/^could not connect to 127\.0\.0\.1:1\/sundial_t_\w+: connect ECONNREFUSED/);

    const { rows } = await database.pool.query(`select r.*, (select json_agg(l) from run_logs l where l.run_id = r.id) as logs from runs r`);
    const written = JSON.stringify(rows);
    expect(written).toContain(`DELETE 3 on ${at.hostname}:${at.port}/`);
    expect(written).not.toContain(password());
    expect(written).not.toContain('postgres://');
  });

  it('refuses transaction control, which would commit a test run', async () => {
    const { last } = await runTask('commit', { statement: '/* sneaky */ COMMIT' }, { testMode: true });
    expect(last.status).toBe('failed');
    expect(last.error_message).toContain('statement: one statement without transaction control');
  });

  it('through the API, seals a pasted URL and refuses bad configs with 422, saving nothing', async () => {
    const operator = (await makeCallers(database)).find((c) => c.label === 'operator API key')!;
    const post = (config: object) => call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body: { name: `sql ${Math.random()}`, handler: 'sql', schedule: { kind: 'manual' }, config } });
    const saved = await post({ connection: urlWithPassword(), ...CLEANUP });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const { rows } = await database.pool.query<{ config: { connection: string } }>('select config from tasks where id = $1', [saved.body.id]);
    expect(rows[0]!.config.connection).toMatch(/^sealed:/);
    expect(JSON.stringify(saved.body)).not.toContain(password());

    const tasks = async () => (await database.pool.query('select 1 from tasks')).rowCount;
    const before = await tasks();
    for (const [config, field] of [
      [{ connection: '{{secrets.APP_DATABASE_URL}}', statement: 'COMMIT' }, 'config.statement'],
      [{ connection: '{{secrets.APP_DATABASE_URL}}', ...CLEANUP, maxrows: 5 }, 'config.maxrows'],
      [{ connection: '{{secrets.APP_DATABASE_URL}}', ...CLEANUP, params: [{ a: 1 }] }, 'config.params.0'],
    ] as const) {
      const res = await post(config);
      expect(res.status, JSON.stringify(config)).toBe(422);
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await tasks()).toBe(before);
  });
});
