import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretRoute, deleteSecretRoute } from '../../../lib/api/v1/secrets';
import { createTaskRoute, getTaskRoute, patchTaskRoute, runTaskRoute } from '../../../lib/api/v1/tasks';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import type { Worker } from '../../../worker/worker';
import { FIXTURE_HANDLERS } from '../../fixtures/handlers';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { testWorker } from '../../helpers/worker';

// Issue 10, point 2: a config references a secret as {{secrets.NAME}}; only the worker
// resolves it, at run time, and masks the value in every row the run writes.

const database = withTestDatabase();
withApiEnvironment(database);

const VALUE = 'p@ss word/1"x';
const TOKEN = 'tok_live_5f3a9c';
let callers: Caller[];
const as = (label: string) => callers.find((c) => c.label === label)!.headers;
let worker: Worker;
let server: http.Server;
let seenAuthorization: string | undefined;
let echoUrl = '';

beforeAll(async () => {
  callers = await makeCallers(database);
  // The echo server is on this machine: the outbound guard refuses loopback unless allowed.
  process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
  // Publishes the fixture handlers' catalog, so the API accepts their configs.
  worker = testWorker(database, { id: 'secrets-w', handlerModules: [BUILT_IN_HANDLERS, FIXTURE_HANDLERS] });
  await worker.start();
  for (const [name, value] of [['ECHO_VALUE', VALUE], ['BANK_TOKEN', TOKEN]]) {
    expect((await call(createSecretRoute, 'POST', '/x', { headers: as('admin session'), body: { name, value } })).status).toBe(201);
  }
  server = http.createServer((req, res) => {
    seenAuthorization = req.headers.authorization;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ youSent: req.headers.authorization }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  echoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
});
afterAll(async () => {
  await worker?.stop();
  server?.close();
  delete process.env.SUNDIAL_OUTBOUND_ALLOW;
});

const createTask = (name: string, handler: string, config: unknown) =>
  call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: as('operator session'), body: { name, handler, config, schedule: { kind: 'manual' } } });

async function runToEnd(taskId: string) {
  const { body } = await call(runTaskRoute, 'POST', '/x', { headers: as('operator session'), params: { id: taskId }, body: {} });
  await waitUntil(async () => !['queued', 'running'].includes((await database.pool.query('select status from runs where id = $1', [body.runId])).rows[0].status), 10_000, 'the run to end');
  return Number(body.runId);
}

/** Every row a run can write to, as text. */
async function written(runId: number): Promise<string> {
  const run = await database.pool.query('select * from runs where id = $1', [runId]);
  const logs = await database.pool.query('select * from run_logs where run_id = $1 order by seq', [runId]);
  const rest = await database.pool.query('select (select json_agg(t) from tasks t) as tasks, (select json_agg(a) from audit_log a) as audit');
  return JSON.stringify([run.rows, logs.rows, rest.rows]);
}

const forms = (v: string) => [v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v)];

describe('secret references in configs', () => {
  it('saving a task that names an unknown or malformed secret is refused with 422', async () => {
    expect(await createTask('typo', 'echo', { value: '{{secrets.ECHO_VALEU}}' })).toMatchObject({
      status: 422,
      body: { error: { fields: [{ field: 'config.value', message: expect.stringContaining('no secret named ECHO_VALEU') }] } },
    });
    expect((await createTask('lower', 'echo', { value: '{{secrets.echo_value}}' })).status).toBe(422);
    expect((await createTask('bad url', 'http', { url: 'https://h.test/?k={{secrets.NOPE}}' })).status).toBe(422);
    const ok = await createTask('url with a secret', 'http', { url: 'https://h.test/?k={{secrets.BANK_TOKEN}}' });
    expect(ok.status).toBe(201);
    expect((await call(patchTaskRoute, 'PATCH', '/x', { headers: as('operator session'), params: { id: ok.body.id }, body: { config: { url: 'https://h.test/?k={{secrets.GONE}}' } } })).status).toBe(422);
  });

  it('a worker resolves the reference and masks the value in the log, progress and result', async () => {
    const task = await createTask('echo ok', 'echo', { value: 'prefix {{secrets.ECHO_VALUE}}' });
    expect(task.status).toBe(201);
    const runId = await runToEnd(task.body.id);
    const { rows } = await database.pool.query('select status, result, progress from runs where id = $1', [runId]);
    expect(rows[0]).toMatchObject({ status: 'succeeded', result: { echo: 'prefix ***', 'prefix ***': 'as a key', nested: [{ deep: 'xprefix ***y' }] }, progress: { current: 'prefix ***' } });
    const logs = (await database.pool.query('select message from run_logs where run_id = $1 order by seq', [runId])).rows.map((r) => r.message);
    expect(logs).toEqual(['the value is prefix ***', JSON.stringify({ sent: 'prefix ***' }), `encoded: ${encodeURIComponent('prefix ')}***`]);
    const text = await written(runId);
    for (const f of forms(VALUE)) expect(text).not.toContain(f);
    expect((await database.pool.query(`select last_used_at from secrets where name = 'ECHO_VALUE'`)).rows[0].last_used_at).not.toBeNull();
    // The task itself still shows only the reference.
    expect((await call(getTaskRoute, 'GET', '/x', { headers: as('viewer session'), params: { id: task.body.id } })).body.config.value).toBe('prefix {{secrets.ECHO_VALUE}}');
  });

  it('masks the value in the error message and stack of a failed run', async () => {
    const task = await createTask('echo fails', 'echo', { value: '{{secrets.ECHO_VALUE}}', fail: true });
    const runId = await runToEnd(task.body.id);
    const { rows } = await database.pool.query('select status, error_message from runs where id = $1', [runId]);
    expect(rows[0]).toEqual({ status: 'failed', error_message: 'refused ***' });
    const text = await written(runId);
    for (const f of forms(VALUE)) expect(text).not.toContain(f);
  });

  it('an http task sends the real header, and the echoed answer is stored masked', async () => {
    const task = await createTask('bank sync', 'http', { url: echoUrl, headers: { Authorization: 'Bearer {{secrets.BANK_TOKEN}}' } });
    expect(task.status).toBe(201);
    const runId = await runToEnd(task.body.id);
    expect(seenAuthorization).toBe(`Bearer ${TOKEN}`);
    const { rows } = await database.pool.query('select status, result from runs where id = $1', [runId]);
    expect(rows[0].status).toBe('succeeded');
    expect(rows[0].result.body).toEqual({ youSent: 'Bearer ***' });
    expect(await written(runId)).not.toContain(TOKEN);
  });

  it('a run whose secret was deleted meanwhile fails without retrying, naming the secret', async () => {
    expect((await call(createSecretRoute, 'POST', '/x', { headers: as('admin session'), body: { name: 'SHORT_LIVED', value: 'v' } })).status).toBe(201);
    const task = await createTask('short lived', 'echo', { value: '{{secrets.SHORT_LIVED}}' });
    const refused = await call(deleteSecretRoute, 'DELETE', '/x', { headers: as('admin session'), params: { name: 'SHORT_LIVED' } });
    expect(refused).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining('"short lived"') } } });
    await database.pool.query(`delete from secrets where name = 'SHORT_LIVED'`);
    const runId = await runToEnd(task.body.id);
    const { rows } = await database.pool.query('select status, error_message from runs where id = $1', [runId]);
    expect(rows[0]).toEqual({ status: 'failed', error_message: expect.stringContaining('secret SHORT_LIVED is not set') });
  });
});
