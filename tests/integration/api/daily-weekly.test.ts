import { beforeAll, describe, expect, it } from 'vitest';
import { previewRoute } from '../../../lib/api/v1/catalog';
import { createTaskRoute, getTaskRoute, putTaskRoute } from '../../../lib/api/v1/tasks';
import { fireDue } from '../../../worker/scheduler';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { runsOf } from '../../helpers/tasks';

// The newsletter team's shapes: daily and weekly go in and come back as given, not as a cron.
const database = withTestDatabase();
withApiEnvironment(database);

let operator: Caller;
beforeAll(async () => {
  operator = (await makeCallers(database)).find((c) => c.label === 'operator API key')!;
});
const post = (body: unknown) => call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body });
const get = (id: string) => call(getTaskRoute, 'GET', '/x', { headers: operator.headers, params: { id } });
const put = (id: string, body: unknown) => call(putTaskRoute, 'PUT', '/x', { headers: operator.headers, params: { id }, body });
const count = async (name: string) => (await database.pool.query<{ n: number }>('select count(*)::int as n from tasks where name = $1', [name])).rows[0]!.n;
const wallClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** Point the task at one slot, tick just after it, and read what the engine wrote. */
async function tickAt(taskId: string, slot: string) {
  await database.pool.query('update tasks set next_run_at = $2 where id = $1', [taskId, slot]);
  await fireDue(database.pool, { now: new Date(Date.parse(slot) + 1000) });
  const { rows } = await database.pool.query<{ next_run_at: Date }>('select next_run_at from tasks where id = $1', [taskId]);
  return { runs: (await runsOf(database, taskId)).map((r) => r.scheduled_for.toISOString()), next: rows[0]!.next_run_at.toISOString() };
}

describe('daily and weekly schedules through the API', () => {
  it('creates a daily task, answers it back as daily, and the engine fires it at 08:00 New York', async () => {
    const schedule = { kind: 'daily', time: '08:00', timezone: 'America/New_York' };
    const created = await post({ name: 'Daily AI Digest', handler: 'noop', schedule });
    expect(created.status).toBe(201);
    expect(created.body.schedule).toEqual(schedule);
    expect((await get(created.body.id)).body.schedule).toEqual(schedule);
    const untilNext = Date.parse(created.body.nextRunAt) - Date.now();
    expect(untilNext).toBeGreaterThan(0);
    expect(untilNext).toBeLessThanOrEqual(25 * 3600_000);
    expect(wallClock(created.body.nextRunAt, 'America/New_York')).toMatch(/ 08:00$/);

    // New York springs forward on 2026-03-08: 08:00 is 13:00Z on the Saturday, 12:00Z on the Sunday.
    expect(await tickAt(created.body.id, '2026-03-07T13:00:00.000Z')).toEqual({ runs: ['2026-03-07T13:00:00.000Z'], next: '2026-03-08T12:00:00.000Z' });
  });

  it('fires a daily 02:30 once on spring-forward day, at 03:00 EDT', async () => {
    const { body } = await post({ name: 'nightly 02:30', handler: 'noop', schedule: { kind: 'daily', time: '02:30', timezone: 'America/New_York' } });
    expect(await tickAt(body.id, '2026-03-07T07:30:00.000Z')).toMatchObject({ next: '2026-03-08T07:00:00.000Z' });
  });

  it('creates a weekly task, answers it back as weekly, and the engine fires only on its days', async () => {
    const schedule = { kind: 'weekly', days: ['mon', 'wed', 'fri'], time: '10:00', timezone: 'UTC' };
    const created = await post({ name: 'Weekly AI Roundup', handler: 'noop', schedule });
    expect(created.status).toBe(201);
    expect((await get(created.body.id)).body.schedule).toEqual(schedule);
    expect(wallClock(created.body.nextRunAt, 'UTC')).toMatch(/^(Mon|Wed|Fri) 10:00$/);
    // Friday 2026-01-09 10:00 is followed by Monday 2026-01-12.
    expect(await tickAt(created.body.id, '2026-01-09T10:00:00.000Z')).toEqual({ runs: ['2026-01-09T10:00:00.000Z'], next: '2026-01-12T10:00:00.000Z' });
  });

  it('changes a cron task to weekly with PUT, and reads weekly back', async () => {
    const { body: task } = await post({ name: 'switched', handler: 'noop', schedule: { kind: 'cron', expression: '0 8 * * 1', timezone: 'UTC' } });
    const schedule = { kind: 'weekly', days: ['tue'], time: '07:15', timezone: 'Europe/Berlin' };
    const updated = await put(task.id, { name: 'switched', handler: 'noop', schedule, version: task.version });
    expect(updated.status).toBe(200);
    expect((await get(task.id)).body).toMatchObject({ schedule, version: task.version + 1 });
    expect(wallClock(updated.body.nextRunAt, 'Europe/Berlin')).toBe('Tue 07:15');
  });

  it('refuses bad daily and weekly input with 422 naming each field, and saves nothing', async () => {
    const bad = await post({ name: 'bad daily', handler: 'noop', schedule: { kind: 'daily', time: '25:00', timezone: 'Mars/Base' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual([
      { field: 'schedule.time', message: 'must be HH:MM, 00:00 to 23:59' },
      { field: 'schedule.timezone', message: 'unknown time zone Mars/Base' },
    ]);
    const days = await post({ name: 'bad weekly', handler: 'noop', schedule: { kind: 'weekly', days: ['monday'], time: '08:00', timezone: 'UTC' } });
    expect(days).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'schedule.days' }] } } });
    expect(await count('bad daily')).toBe(0);
    expect(await count('bad weekly')).toBe(0);

    const { body: task } = await post({ name: 'kept', handler: 'noop', schedule: { kind: 'daily', time: '06:00', timezone: 'UTC' } });
    const refused = await put(task.id, { name: 'kept', handler: 'noop', schedule: { kind: 'weekly', days: [], time: '06:00', timezone: 'UTC' }, version: task.version });
    expect(refused).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'schedule.days' }] } } });
    expect((await get(task.id)).body).toMatchObject({ schedule: { kind: 'daily', time: '06:00', timezone: 'UTC' }, version: task.version, nextRunAt: task.nextRunAt });
  });

  it('keeps the zone a once was entered in', async () => {
    const schedule = { kind: 'once', at: '2099-12-24T17:00:00.000Z', timezone: 'Europe/Berlin' };
    const { body } = await post({ name: 'one-off', handler: 'noop', schedule });
    expect((await get(body.id)).body.schedule).toEqual(schedule);
  });
});

describe('schedule preview', () => {
  const preview = (schedule: unknown) => call(previewRoute, 'POST', '/x', { headers: operator.headers, body: { schedule, count: 2, from: '2026-03-07T00:00:00Z' } });

  it('previews daily and weekly as the engine fires them', async () => {
    expect((await preview({ kind: 'daily', time: '02:30', timezone: 'America/New_York' })).body.fires).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z']);
    expect((await preview({ kind: 'weekly', days: ['sun'], time: '12:00', timezone: 'UTC' })).body.fires).toEqual(['2026-03-08T12:00:00.000Z', '2026-03-15T12:00:00.000Z']);
  });

  it('anchors an interval without an anchor where saving would: now, not the epoch', async () => {
    const week = 7 * 86400_000;
    const before = Date.now();
    const res = await call(previewRoute, 'POST', '/x', { headers: operator.headers, body: { schedule: { kind: 'interval', everySeconds: week / 1000 }, count: 1 } });
    const first = Date.parse(res.body.fires[0]);
    expect(first).toBeGreaterThanOrEqual(before + week);
    expect(first).toBeLessThanOrEqual(Date.now() + week);
  });
});
