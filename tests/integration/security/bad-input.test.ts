import { beforeAll, describe, expect, it } from 'vitest';
import { auditRoute } from '../../../lib/api/v1/admin';
import { createApiKeyRoute } from '../../../lib/api/v1/api-keys';
import { listRunsRoute, runLogsRoute } from '../../../lib/api/v1/runs';
import { createTaskRoute, listTasksRoute, patchTaskRoute, runTaskRoute } from '../../../lib/api/v1/tasks';
import { createUserRoute } from '../../../lib/api/v1/users';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';

// Point 7 of issue 10: each of these answered 500; each must be a 4xx with a field message.

const database = withTestDatabase();
withApiEnvironment(database);

const as: Record<string, Caller> = {};
beforeAll(async () => {
  for (const c of await makeCallers(database)) as[c.label] = c;
});

const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
const auditCount = async () => Number((await database.pool.query('select count(*) from audit_log')).rows[0].count);
let n = 0;
const newTask = (extra: object = {}) => ({ name: `bad input ${++n}`, handler: 'noop', schedule: { kind: 'manual' }, ...extra });

function expectField(res: { status: number; body: { error?: { fields?: { field: string }[] } } }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.error?.fields?.map((f) => f.field)).toContain(field);
}

describe('a NUL byte', () => {
  it('in a filter: GET /tasks?q=%00 as a viewer', async () => {
    expectField(await call(listTasksRoute, 'GET', '/api/v1/tasks?q=%00', { headers: as['viewer session']!.headers }), 'q');
  });

  it('in the audit filters', async () => {
    expectField(await call(auditRoute, 'GET', '/api/v1/audit?actor=a%00b', { headers: as['admin API key']!.headers }), 'actor');
  });

  it.each([
    ['name', { name: 'a\0b' }, 'name'],
    ['description', { description: 'x\0' }, 'description'],
    ['tags', { tags: ['ok', '\0'] }, 'tags.1'],
    ['config', { config: { url: 'http://example.com/\0' } }, 'config.url'],
    ['a config key', { config: { 'k\0': 1 } }, 'config.k\\u0000'],
  ])('in a task %s, and nothing is saved', async (_what, extra, field) => {
    const before = await auditCount();
    expectField(await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: as['operator API key']!.headers, body: newTask(extra) }), field);
    expect(await auditCount()).toBe(before);
  });

  it('in a PATCH and in run params', async () => {
    const task = await makeTask(database, { name: `nul target ${++n}`, schedule: { kind: 'manual' } });
    const headers = as['operator session']!.headers;
    expectField(await call(patchTaskRoute, 'PATCH', '/x', { headers, params: { id: task.id }, body: { description: '\0' } }), 'description');
    expectField(await call(runTaskRoute, 'POST', '/x', { headers, params: { id: task.id }, body: { params: { account: '\0' } } }), 'params.account');
  });

  it('in a user name and an API key name', async () => {
    const headers = as['admin session']!.headers;
    expectField(await call(createUserRoute, 'POST', '/x', { headers, body: { email: `nul${++n}@example.com`, name: 'a\0', role: 'viewer', password: 'a long enough password' } }), 'name');
    expectField(await call(createApiKeyRoute, 'POST', '/x', { headers, body: { name: 'k\0', role: 'viewer' } }), 'name');
  });
});

describe('malformed cursors', () => {
  const viewer = () => as['viewer API key']!.headers;
  it.each([
    ['36 dashes for a task id', `/api/v1/tasks?cursor=${cursor(['name', 'a', '-'.repeat(36)])}`],
    ['February 30 in a task cursor', `/api/v1/tasks?sort=nextRun&cursor=${cursor(['nextRun', '2024-02-30 00:00:00+00', crypto.randomUUID()])}`],
    ['year 0 in a task cursor', `/api/v1/tasks?sort=lastRun&cursor=${cursor(['lastRun', '0000-01-01 00:00:00+00', crypto.randomUUID()])}`],
    ['a NUL in a name cursor', `/api/v1/tasks?cursor=${cursor(['name', '\0', crypto.randomUUID()])}`],
  ])('GET /tasks with %s', async (_what, path) => {
    expectField(await call(listTasksRoute, 'GET', path, { headers: viewer() }), 'cursor');
  });

  it.each([
    ['February 30', cursor(['2024-02-30 00:00:00+00', '1'])],
    ['hour 25', cursor(['2024-01-01 25:00:00+00', '1'])],
    ['not base64 JSON', 'not-a-cursor'],
  ])('GET /runs with %s', async (_what, value) => {
    expectField(await call(listRunsRoute, 'GET', `/api/v1/runs?cursor=${value}`, { headers: viewer() }), 'cursor');
  });
});

describe('out-of-range numbers and dates', () => {
  it('GET /runs?from=0000-01-01T00:00:00Z', async () => {
    expectField(await call(listRunsRoute, 'GET', '/api/v1/runs?from=0000-01-01T00:00:00Z', { headers: as['viewer session']!.headers }), 'from');
  });

  it('GET /audit?to=0001-01-01T00:00:00%2B14:00 (year 0 in UTC)', async () => {
    expectField(await call(auditRoute, 'GET', '/api/v1/audit?to=0001-01-01T00:00:00%2B14:00', { headers: as['admin API key']!.headers }), 'to');
  });

  it('GET /runs/{id}/logs?after=2147483648', async () => {
    const task = await makeTask(database, { name: `logs ${++n}`, schedule: { kind: 'manual' } });
    const { rows } = await database.pool.query(`insert into runs (task_id, trigger, scheduled_for) values ($1, 'api', now()) returning id`, [task.id]);
    const res = await call(runLogsRoute, 'GET', '/x?after=2147483648', { headers: as['viewer session']!.headers, params: { id: String(rows[0].id) } });
    expectField(res, 'after');
  });
});

describe('a bad Origin on a signed-in change', () => {
  it.each(['null', 'not a url', 'http://localhost:3000.evil.example', 'http://localhost:3000@evil.example'])('Origin: %s is refused with 403', async (origin) => {
    const before = await auditCount();
    const res = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: { ...as['operator session']!.headers, origin }, body: newTask() });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/cross-origin/);
    expect(await auditCount()).toBe(before);
  });
});
