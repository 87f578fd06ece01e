import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyRoute } from '../../../lib/api/v1/api-keys';
import { createTaskRoute, getTaskRoute, listTasksRoute, patchTaskRoute, putTaskRoute, runTaskRoute } from '../../../lib/api/v1/tasks';
import { createUserRoute, updateUserRoute } from '../../../lib/api/v1/users';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';

const database = withTestDatabase();
withApiEnvironment(database);

let operator: Caller;
let admin: Caller;
beforeAll(async () => {
  const callers = await makeCallers(database);
  operator = callers.find((c) => c.label === 'operator API key')!;
  admin = callers.find((c) => c.label === 'admin session')!;
});
const taskCount = async () => (await database.pool.query<{ n: number }>('select count(*)::int as n from tasks')).rows[0]!.n;
const post = (body: unknown, rawBody?: string) => call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body, rawBody });

describe('tasks API', () => {
  it('creates with 201 and Location, reads it back, and refuses a taken name with 409', async () => {
    const created = await post({ name: 'nightly import', handler: 'noop', schedule: { kind: 'cron', expression: '0 0 * * *', timezone: 'America/New_York' }, tags: ['import'] });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/tasks/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'nightly import', enabled: true, version: 1, policy: { misfire: 'coalesce', concurrency: 'forbid' } });
    expect(new Date(created.body.nextRunAt).getUTCHours()).toBe(5); // midnight in New York, EST
    const read = await call(getTaskRoute, 'GET', '/x', { headers: operator.headers, params: { id: created.body.id } });
    expect(read.body.name).toBe('nightly import');
    const again = await post({ name: 'nightly import', handler: 'noop', schedule: { kind: 'manual' } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'conflict', fields: [{ field: 'name' }] } } });
  });

  it('PUT with a stale version gets 409; PATCH changes only what it names', async () => {
    const { body: task } = await post({ name: 'versioned', handler: 'noop', schedule: { kind: 'manual' } });
    const put = (version: number, description: string) =>
      call(putTaskRoute, 'PUT', '/x', { headers: operator.headers, params: { id: task.id }, body: { name: 'versioned', handler: 'noop', schedule: { kind: 'manual' }, description, version } });
    expect((await put(1, 'first')).body.version).toBe(2);
    expect(await put(1, 'stale')).toMatchObject({ status: 409, body: { error: { fields: [{ field: 'version' }] } } });
    const patched = await call(patchTaskRoute, 'PATCH', '/x', { headers: operator.headers, params: { id: task.id }, body: { tags: ['x'], policy: { maxAttempts: 3 } } });
    expect(patched.body).toMatchObject({ description: 'first', tags: ['x'], version: 3, policy: { maxAttempts: 3, misfire: 'coalesce', timeoutSeconds: 3600 } });
    const again = await call(patchTaskRoute, 'PATCH', '/x', { headers: operator.headers, params: { id: task.id }, body: { policy: { timeoutSeconds: 60 } } });
    expect(again.body.policy).toMatchObject({ maxAttempts: 3, timeoutSeconds: 60 });
  });

  it('lists with filters and cursor pages', async () => {
    for (let i = 0; i < 5; i++) await post({ name: `page ${i}`, handler: 'noop', schedule: { kind: 'manual' }, tags: ['paged'], enabled: i % 2 === 0 });
    const list = (qs: string) => call(listTasksRoute, 'GET', `/api/v1/tasks?${qs}`, { headers: operator.headers });
    const first = await list('tag=paged&limit=2');
    expect(first.body.items.map((t: { name: string }) => t.name)).toEqual(['page 0', 'page 1']);
    const second = await list(`tag=paged&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((t: { name: string }) => t.name)).toEqual(['page 2', 'page 3']);
    const third = await list(`tag=paged&limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body).toMatchObject({ items: [{ name: 'page 4' }], nextCursor: null });
    expect((await list('tag=paged&enabled=false')).body.items).toHaveLength(2);
    expect((await list('q=PAGE%203')).body.items.map((t: { name: string }) => t.name)).toEqual(['page 3']);
  });

  it('sorts by next and last run, missing times last, and pages through ties that differ by microseconds', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await post({ name: `sorted ${i}`, handler: 'noop', schedule: { kind: 'manual' }, tags: ['sorted'] })).body.id);
    // Two pairs share a millisecond and differ only in microseconds: a millisecond cursor would skip one.
    const at = ['2026-01-01 00:00:00.000100+00', '2026-01-01 00:00:00.000900+00', '2026-01-02 00:00:00+00', '2026-01-03 00:00:00.000500+00', '2026-01-03 00:00:00.000200+00', null];
    for (const [i, id] of ids.entries()) {
      await database.pool.query('update tasks set next_run_at = $2 where id = $1', [id, at[i]]);
      await database.pool.query('insert into task_state (task_id, last_run_at) values ($1, $2)', [id, at[i]]);
    }
    const walk = async (sort: string) => {
      const names: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { body: { items: { name: string }[]; nextCursor: string | null; total: number } } = await call(listTasksRoute, 'GET', `/api/v1/tasks?tag=sorted&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { headers: operator.headers });
        expect(page.body.total).toBe(6);
        names.push(...page.body.items.map((t) => t.name));
        cursor = page.body.nextCursor;
      }
      return names.map((n) => Number(n.split(' ')[1]));
    };
    expect(await walk('nextRun')).toEqual([0, 1, 2, 4, 3, 5]);
    expect(await walk('lastRun')).toEqual([3, 4, 2, 1, 0, 5]);
    const nameCursor = (await call(listTasksRoute, 'GET', '/api/v1/tasks?tag=sorted&limit=2', { headers: operator.headers })).body.nextCursor;
    const mixed = await call(listTasksRoute, 'GET', `/api/v1/tasks?tag=sorted&sort=nextRun&cursor=${nameCursor}`, { headers: operator.headers });
    expect(mixed).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'cursor' }] } } });
    await database.pool.query('update task_state set consecutive_failures = 2 where task_id = $1', [ids[2]]);
    const failing = await call(listTasksRoute, 'GET', '/api/v1/tasks?tag=sorted&failing=true', { headers: operator.headers });
    expect(failing.body.items.map((t: { name: string }) => t.name)).toEqual(['sorted 2']);
  });

  it('queues a run with 202, with params and test mode', async () => {
    const { body: task } = await post({ name: 'runnable', handler: 'noop', schedule: { kind: 'manual' } });
    const run = await call(runTaskRoute, 'POST', '/x', { headers: operator.headers, params: { id: task.id }, body: { params: { file: 'a.csv' }, testMode: true } });
    expect(run.status).toBe(202);
    const { rows } = await database.pool.query('select trigger, status, params, test_mode from runs where id = $1', [run.body.runId]);
    expect(rows[0]).toEqual({ trigger: 'api', status: 'queued', params: { file: 'a.csv' }, test_mode: true });
  });
});

describe('hostile input gets a 4xx with field messages, never a 500, and writes nothing', () => {
  const cases: [string, () => ReturnType<typeof post>, number, string | null][] = [
    ['malformed JSON', () => post(undefined, '{"name": "x",'), 400, null],
    ['wrong types', () => post({ name: 42, handler: 'noop', schedule: { kind: 'manual' } }), 422, 'name'],
    ['unknown fields', () => post({ name: 'x', handler: 'noop', schedule: { kind: 'manual' }, isAdmin: true }), 422, ''],
    ['a 1 MB name', () => post({ name: 'n'.repeat(1024 * 1024), handler: 'noop', schedule: { kind: 'manual' } }), 422, 'name'],
    ['a bad schedule', () => post({ name: 'x', handler: 'noop', schedule: { kind: 'cron', expression: '61 * * * *', timezone: 'UTC' } }), 422, 'schedule.expression'],
    ['a URL that is not one (JSON Schema format "uri")', () => post({ name: 'x', handler: 'http', schedule: { kind: 'manual' }, config: { url: 'not a url' } }), 422, 'config.url'],
    ['a config its handler rejects', () => post({ name: 'x', handler: 'http', schedule: { kind: 'manual' }, config: { url: 'ftp://files.example.com', method: 'FETCH' } }), 422, 'config.method'],
    ['a misspelt config key (dropped silently, it would do the default)', () => post({ name: 'x', handler: 'http', schedule: { kind: 'manual' }, config: { url: 'https://example.com/', acceptStatus: [200] } }), 422, 'config.acceptStatus'],
    ['an unknown handler', () => post({ name: 'x', handler: 'no-such-handler', schedule: { kind: 'manual' } }), 422, 'handler'],
    ['a policy out of range', () => post({ name: 'x', handler: 'noop', schedule: { kind: 'manual' }, policy: { maxAttempts: 0 } }), 422, 'policy.maxAttempts'],
  ];
  for (const [name, send, status, field] of cases) {
    it(name, async () => {
      const before = await taskCount();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body.error.message).toBeTruthy();
      if (field !== null) expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await taskCount()).toBe(before);
    });
  }

  it('SQL metacharacters are only text, in names and in q', async () => {
    const name = `Robert'); DROP TABLE tasks; -- %_\\`;
    const created = await post({ name, handler: 'noop', schedule: { kind: 'manual' } });
    expect(created.status).toBe(201);
    const found = await call(listTasksRoute, 'GET', `/api/v1/tasks?q=${encodeURIComponent("'); DROP TABLE tasks; -- %_")}`, { headers: operator.headers });
    expect(found.body.items.map((t: { name: string }) => t.name)).toEqual([name]);
    const none = await call(listTasksRoute, 'GET', `/api/v1/tasks?q=${encodeURIComponent("%' OR 1=1 --")}`, { headers: operator.headers });
    expect(none).toMatchObject({ status: 200, body: { items: [] } });
  });

  it('a malformed id, a bad cursor and a bad limit are 404 / 422, not 500', async () => {
    expect((await call(getTaskRoute, 'GET', '/x', { headers: operator.headers, params: { id: "1' or '1'='1" } })).status).toBe(404);
    expect((await call(listTasksRoute, 'GET', '/api/v1/tasks?cursor=garbage', { headers: operator.headers })).status).toBe(422);
    expect((await call(listTasksRoute, 'GET', '/api/v1/tasks?limit=100000', { headers: operator.headers })).status).toBe(422);
  });
});

describe('secrets', () => {
  it('neither a password nor an API key reaches the audit table or the logs', async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    const originalErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    let key = '';
    try {
      const created = await call(createApiKeyRoute, 'POST', '/api/v1/api-keys', { headers: admin.headers, body: { name: 'ci', role: 'operator' } });
      key = created.body.key;
      expect(created.status).toBe(201);
      expect(key).toMatch(/^sdk_/);
      await post({ name: 'with secret config', handler: 'http', schedule: { kind: 'manual' }, config: { url: 'https://example.com', headers: { authorization: 'Bearer hunter2-token' } } });
      const user = await call(createUserRoute, 'POST', '/x', { headers: admin.headers, body: { email: 'new@example.com', role: 'viewer', password: 'correct-horse-secret-9' } });
      expect(user.status).toBe(201);
      await call(updateUserRoute, 'PATCH', '/x', { headers: admin.headers, params: { id: user.body.id }, body: { password: 'another-secret-password-7' } });
    } finally {
      process.stdout.write = original;
      process.stderr.write = originalErr;
    }
    const { rows } = await database.pool.query<{ row: string }>('select row_to_json(a)::text as row from audit_log a');
    const audit = rows.map((r) => r.row).join('\n');
    expect(audit).toContain('api_key.create');
    expect(audit).not.toContain(key);
    expect(audit).not.toContain('hunter2-token');
    expect(written.join('')).not.toContain(key);
    for (const password of ['correct-horse-secret-9', 'another-secret-password-7']) {
      expect(audit).not.toContain(password);
      expect(written.join('')).not.toContain(password);
    }
    expect(audit).toMatch(/"passwordChanged": ?true/);
    const { rows: stored } = await database.pool.query<{ key_hash: string }>('select key_hash from api_keys where name = $1', ['ci']);
    expect(stored[0]!.key_hash).not.toContain(key);
    const { rows: hashes } = await database.pool.query<{ password_hash: string }>('select password_hash from users');
    expect(hashes.every((h) => h.password_hash.startsWith('$2') && !h.password_hash.includes('password123'))).toBe(true);
  });
});
