import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTaskRoute, deleteTaskRoute, patchTaskRoute, runTaskRoute } from '../../../lib/api/v1/tasks';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';

// Point 6 of issue 10: a change and its audit entry commit together, or neither does; JSON
// deeper than 32 levels is refused with 422 before anything runs.

const database = withTestDatabase();
withApiEnvironment(database);

let operator: Caller;
beforeAll(async () => {
  operator = (await makeCallers(database)).find((c) => c.label === 'operator session')!;
});

const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
const counts = async () => {
  const { rows } = await database.pool.query<{ tasks: number; runs: number; audit: number }>(
    'select (select count(*)::int from tasks) as tasks, (select count(*)::int from runs) as runs, (select count(*)::int from audit_log) as audit',
  );
  return rows[0]!;
};
let n = 0;
const newTask = (extra: object = {}) => ({ name: `atomic ${++n}`, handler: 'noop', schedule: { kind: 'manual' }, ...extra });

describe('JSON nested deeper than 32 levels', () => {
  it('POST /tasks with a config 3,000 levels deep is refused with 422 naming config, and creates nothing', async () => {
    const before = await counts();
    const res = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body: newTask({ config: nested(3000) }) });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([{ field: 'config', message: 'is nested deeper than 32 levels' }]);
    expect(await counts()).toEqual(before);
  });

  it('POST /tasks/{id}/run with params 3,000 levels deep is refused with 422, and queues nothing', async () => {
    const task = await makeTask(database, { name: `deep run ${++n}`, schedule: { kind: 'manual' } });
    const before = await counts();
    const res = await call(runTaskRoute, 'POST', '/x', { headers: operator.headers, params: { id: task.id }, body: { params: nested(3000) } });
    expect(res.status).toBe(422);
    expect(res.body.error.fields[0].field).toBe('params');
    expect(await counts()).toEqual(before);
  });

  it('a million open brackets are refused with 422, not a crash', async () => {
    const res = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, rawBody: '['.repeat(1_000_000) });
    expect(res.status).toBe(422);
    expect(res.body.error.fields[0]).toEqual({ field: 'body', message: 'is nested deeper than 32 levels' });
  });

  it('a config nested 30 levels deep is saved, audited, and can be deleted with its audit entry', async () => {
    const created = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body: newTask({ config: nested(30) }) });
    expect(created.status).toBe(201);
    const deleted = await call(deleteTaskRoute, 'DELETE', '/x', { headers: operator.headers, params: { id: created.body.id } });
    expect(deleted.status).toBe(204);
    const { rows } = await database.pool.query('select action from audit_log where target_id = $1 order by id', [created.body.id]);
    expect(rows.map((r) => r.action)).toEqual(['task.create', 'task.delete']);
  });

  it('brackets inside strings do not count', async () => {
    const res = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body: newTask({ description: '{['.repeat(100) }) });
    expect(res.status).toBe(201);
  });
});

describe('when the audit entry cannot be written', () => {
  // A real failure of the audit insert, raised by Postgres itself.
  const refuseAudit = () =>
    database.pool.query(`
      create or replace function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$;
      create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit();`);
  afterEach(async () => {
    await database.pool.query('drop trigger if exists refuse_audit on audit_log');
  });

  it('POST /tasks creates no task', async () => {
    await refuseAudit();
    const before = await counts();
    const res = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body: newTask() });
    expect(res.status).toBe(500);
    expect(await counts()).toEqual(before);
  });

  it('DELETE /tasks/{id} keeps the task', async () => {
    const task = await makeTask(database, { name: `kept ${++n}`, schedule: { kind: 'manual' } });
    await refuseAudit();
    const res = await call(deleteTaskRoute, 'DELETE', '/x', { headers: operator.headers, params: { id: task.id } });
    expect(res.status).toBe(500);
    const { rowCount } = await database.pool.query('select 1 from tasks where id = $1', [task.id]);
    expect(rowCount).toBe(1);
  });

  it('POST /tasks/{id}/run queues no run, and PATCH changes nothing', async () => {
    const task = await makeTask(database, { name: `unchanged ${++n}`, description: 'before', schedule: { kind: 'manual' } });
    await refuseAudit();
    const before = await counts();
    expect((await call(runTaskRoute, 'POST', '/x', { headers: operator.headers, params: { id: task.id }, body: {} })).status).toBe(500);
    expect((await call(patchTaskRoute, 'PATCH', '/x', { headers: operator.headers, params: { id: task.id }, body: { description: 'after' } })).status).toBe(500);
    expect(await counts()).toEqual(before);
    const { rows } = await database.pool.query('select description, version from tasks where id = $1', [task.id]);
    expect(rows[0]).toEqual({ description: 'before', version: 1 });
  });
});
