import { beforeAll, describe, expect, it } from 'vitest';
import { auditRoute } from '../../../lib/api/v1/admin';
import { exportTaskRunsRoute } from '../../../lib/api/v1/run-export';
import { getRunRoute, listRunsRoute, runLogsRoute, taskRunsRoute } from '../../../lib/api/v1/runs';
import { createTaskRoute, getTaskRoute, listTasksRoute, putTaskRoute, runTaskRoute } from '../../../lib/api/v1/tasks';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';

// Issue 10, point 2: a viewer read config.headers.Authorization of an http task and
// params.password of a run through the API, while the audit log redacted the same values.

const database = withTestDatabase();
withApiEnvironment(database);

const SECRETS = ['s3cret', 'hunter2', 'qs-token-1', 'custom-auth-1', 'body-pw-1', 'run-pw-1'];
const config = {
  method: 'POST',
  url: 'https://api.example.com/sync?access_token=qs-token-1&page=2',
  headers: { Authorization: 'Bearer s3cret', 'X-Custom-Auth': 'custom-auth-1', Accept: 'application/json' },
  body: '{"user":"bob","password":"body-pw-1"}',
};
const expectClean = (label: string, value: unknown) => {
  const text = JSON.stringify(value);
  for (const s of SECRETS) expect(text, `${label} shows ${s}`).not.toContain(s);
};

let callers: Caller[];
const as = (label: string) => callers.find((c) => c.label === label)!.headers;
let taskId: string;
let runId: number;

beforeAll(async () => {
  callers = await makeCallers(database);
  const created = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: as('operator session'), body: { name: 'bank sync', handler: 'http', config, schedule: { kind: 'manual' } } });
  expect(created.status).toBe(201);
  taskId = created.body.id;
  const run = await call(runTaskRoute, 'POST', '/x', { headers: as('operator session'), params: { id: taskId }, body: { params: { user: 'bob', password: 'run-pw-1', dsn: 'postgres://bob:hunter2@db/x' } } });
  expect(run.status).toBe(202);
  runId = run.body.runId;
  await database.pool.query(`insert into run_logs (run_id, seq, level, message) values ($1, 1, 'info', 'GET https://x.test/?apikey=hunter2 with Authorization: Bearer s3cret')`, [runId]);
});

describe('credentials in configs and params are never sent back', () => {
  it('the stored task and run do hold the values (the worker needs them)', async () => {
    const { rows } = await database.pool.query<{ config: unknown }>('select config from tasks where id = $1', [taskId]);
    expect(JSON.stringify(rows[0]!.config)).toContain('s3cret');
  });

  for (const label of ['viewer session', 'viewer API key', 'operator session', 'admin session', 'admin API key']) {
    it(`${label}: task, task list, run, run list and logs are redacted`, async () => {
      const headers = as(label);
      const task = await call(getTaskRoute, 'GET', '/x', { headers, params: { id: taskId } });
      expect(task.status).toBe(200);
      expect(task.body.config.headers).toEqual({ Authorization: '[redacted]', 'X-Custom-Auth': '[redacted]', Accept: 'application/json' });
      expect(task.body.config.url).toBe('https://api.example.com/sync?access_token=[redacted]&page=2');
      expectClean('task', task.body);
      expectClean('task list', (await call(listTasksRoute, 'GET', '/api/v1/tasks', { headers })).body);
      const run = await call(getRunRoute, 'GET', '/x', { headers, params: { id: String(runId) } });
      expect(run.body.params).toEqual({ user: 'bob', password: '[redacted]', dsn: 'postgres://bob:[redacted]@db/x' });
      expectClean('run', run.body);
      expectClean('run list', (await call(listRunsRoute, 'GET', '/api/v1/runs', { headers })).body);
      expectClean('task runs', (await call(taskRunsRoute, 'GET', '/x', { headers, params: { id: taskId } })).body);
      expectClean('logs', (await call(runLogsRoute, 'GET', '/x', { headers, params: { id: String(runId) } })).body);
    });
  }

  it('the CSV export cleans error messages the same way', async () => {
    await database.pool.query(`update runs set error_message = 'GET https://bob:hunter2@h.test/?token=qs-token-1 failed' where id = $1`, [runId]);
    const res = await exportTaskRunsRoute(new Request('http://localhost:3000/x', { headers: as('viewer session') }), { params: Promise.resolve({ id: taskId }) });
    const csv = await res.text();
    expect(csv).toContain('https://bob:[redacted]@h.test/?token=[redacted] failed');
    for (const s of SECRETS) expect(csv).not.toContain(s);
  });

  it('the audit log redacts the same values with the same function', async () => {
    const audit = await call(auditRoute, 'GET', '/x?limit=50', { headers: as('admin session') });
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
    expectClean('audit', audit.body);
  });
});

describe('saving what was shown keeps what was stored', () => {
  it('PUT of the redacted task as read keeps the real header; a changed field replaces it', async () => {
    const headers = as('operator session');
    const shown = (await call(getTaskRoute, 'GET', '/x', { headers, params: { id: taskId } })).body;
    const put = await call(putTaskRoute, 'PUT', '/x', { headers, params: { id: taskId }, body: { name: shown.name, handler: 'http', config: shown.config, schedule: shown.schedule, version: shown.version } });
    expect(put.status).toBe(200);
    const stored = async () => (await database.pool.query<{ config: typeof config }>('select config from tasks where id = $1', [taskId])).rows[0]!.config;
    expect(await stored()).toEqual(config);
    const edited = { ...shown.config, headers: { ...shown.config.headers, Authorization: 'Bearer rotated' } };
    const again = await call(putTaskRoute, 'PUT', '/x', { headers, params: { id: taskId }, body: { name: shown.name, handler: 'http', config: edited, schedule: shown.schedule, version: put.body.version } });
    expect(again.status).toBe(200);
    expect((await stored()).headers).toEqual({ ...config.headers, Authorization: 'Bearer rotated' });
  });

  it('a redaction mark copied into a new task is refused, not saved', async () => {
    const res = await call(createTaskRoute, 'POST', '/api/v1/tasks', {
      headers: as('operator session'),
      body: { name: 'copy', handler: 'http', config: { url: 'https://h.test/', headers: { Authorization: '[redacted]' } }, schedule: { kind: 'manual' } },
    });
    expect(res).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'config.headers.Authorization' }] } } });
  });
});
