import { eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../../db/schema';
import { auditRoute, getSettingsRoute, updateSettingsRoute } from '../../../lib/api/v1/admin';
import { listTasksRoute } from '../../../lib/api/v1/tasks';
import { changeOwnPasswordRoute, createUserRoute, getOwnNotificationsRoute, listUsersRoute, putOwnNotificationsRoute, updateUserRoute } from '../../../lib/api/v1/users';
import { verifyPassword } from '../../../lib/auth/password';
import { call, makeCallers, sessionHeaders, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';

const database = withTestDatabase();
withApiEnvironment(database);
let callers: Caller[];
const by = (label: string) => callers.find((c) => c.label === label)!;
beforeAll(async () => {
  callers = await makeCallers(database);
});

describe('what each user is emailed about', () => {
  it('a viewer chooses their own events; bad input changes nothing; admins see who gets what; keys have no inbox', async () => {
    const viewer = by('viewer session');
    const put = (body: unknown, headers = viewer.headers) => call(putOwnNotificationsRoute, 'PUT', '/x', { headers, body });
    expect(await put({ events: ['incident.opened', 'report.weekly', 'incident.opened'] })).toMatchObject({ status: 200, body: { events: ['incident.opened', 'report.weekly'] } });
    const bad = await put({ events: ['incident.opened', 'everything'] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0].field).toBe('events.1');
    expect((await put({ events: [], extra: true })).status).toBe(422);
    expect((await call(getOwnNotificationsRoute, 'GET', '/x', { headers: viewer.headers })).body.events).toEqual(['incident.opened', 'report.weekly']);
    expect((await put({ events: [] }, by('viewer API key').headers)).status).toBe(403);

    const listed = await call(listUsersRoute, 'GET', '/x', { headers: by('admin session').headers });
    expect(listed.body.items.find((u: { id: string }) => u.id === viewer.userId).notifyEvents).toEqual(['incident.opened', 'report.weekly']);
    const audit = await call(auditRoute, 'GET', '/x?action=user.notifications', { headers: by('admin session').headers });
    expect(audit.body.items[0]).toMatchObject({ before: { events: [] }, after: { events: ['incident.opened', 'report.weekly'] } });
  });
});

describe('users', () => {
  it('creates users, refuses a taken email, and never removes the last enabled admin', async () => {
    const admin = by('admin session');
    const created = await call(createUserRoute, 'POST', '/x', { headers: admin.headers, body: { email: 'Ops@Example.com', role: 'operator', password: 'a long enough password' } });
    expect(created).toMatchObject({ status: 201, body: { email: 'Ops@Example.com', role: 'operator', disabled: false } });
    expect((await call(createUserRoute, 'POST', '/x', { headers: admin.headers, body: { email: 'ops@example.com', role: 'viewer', password: 'a long enough password' } })).status).toBe(409);
    const short = await call(createUserRoute, 'POST', '/x', { headers: admin.headers, body: { email: 'x@example.com', role: 'viewer', password: 'short' } });
    expect(short.body.error.fields).toEqual([{ field: 'password', message: 'at least 12 characters' }]);

    const [onlyAdmin] = await database.db.select().from(users).where(eq(users.role, 'admin'));
    const demote = await call(updateUserRoute, 'PATCH', '/x', { headers: admin.headers, params: { id: onlyAdmin!.id }, body: { role: 'viewer' } });
    expect(demote).toMatchObject({ status: 409, body: { error: { message: 'this is the last enabled admin; make another admin first' } } });
  });

  it('a disabled user is refused at once, and once enabled again signs in anew', async () => {
    const admin = by('admin session');
    const viewer = by('viewer session');
    const [row] = await database.db.select().from(users).where(eq(users.role, 'viewer'));
    expect((await call(listTasksRoute, 'GET', '/api/v1/tasks', { headers: viewer.headers })).status).toBe(200);
    await call(updateUserRoute, 'PATCH', '/x', { headers: admin.headers, params: { id: row!.id }, body: { disabled: true } });
    expect((await call(listTasksRoute, 'GET', '/api/v1/tasks', { headers: viewer.headers })).status).toBe(401);
    await call(updateUserRoute, 'PATCH', '/x', { headers: admin.headers, params: { id: row!.id }, body: { disabled: false } });
    // Disabling ended the session for good; enabling does not bring it back.
    expect((await call(listTasksRoute, 'GET', '/api/v1/tasks', { headers: viewer.headers })).status).toBe(401);
    viewer.headers = await sessionHeaders(database, viewer.userId!);
    expect((await call(listTasksRoute, 'GET', '/api/v1/tasks', { headers: viewer.headers })).status).toBe(200);
  });

  it('changing your own password needs the current one, and stores only a hash', async () => {
    const operator = by('operator session');
    const wrong = await call(changeOwnPasswordRoute, 'POST', '/x', { headers: operator.headers, body: { currentPassword: 'nope', newPassword: 'my new long password' } });
    expect(wrong).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'currentPassword' }] } } });
    expect((await call(changeOwnPasswordRoute, 'POST', '/x', { headers: operator.headers, body: { currentPassword: 'password123', newPassword: 'my new long password' } })).status).toBe(204);
    const [row] = await database.db.select().from(users).where(like(users.email, 'operator-%'));
    expect(row!.passwordHash).not.toContain('my new long password');
    expect(await verifyPassword('my new long password', row!.passwordHash)).toBe(true);
    // The change ended the session it was made from.
    expect((await call(listTasksRoute, 'GET', '/api/v1/tasks', { headers: operator.headers })).status).toBe(401);
    operator.headers = await sessionHeaders(database, operator.userId!);
  });
});

describe('settings and audit', () => {
  it('"pause all" is a setting; every change is in the audit log with who, where, before and after', async () => {
    const admin = by('admin session');
    expect((await call(getSettingsRoute, 'GET', '/x', { headers: admin.headers })).body).toEqual({ schedulerPaused: false, retention: { runsDays: 90, logsDays: 14 }, workersNoneMinutes: 2 });
    const paused = await call(updateSettingsRoute, 'PATCH', '/x', { headers: { ...admin.headers, 'x-sundial-client-ip': '203.0.113.9' }, body: { schedulerPaused: true } });
    expect(paused.body).toMatchObject({ schedulerPaused: true });
    const audit = await call(auditRoute, 'GET', '/x?action=settings.update', { headers: admin.headers });
    expect(audit.body.items[0]).toMatchObject({
      actorType: 'user',
      ip: '203.0.113.9',
      action: 'settings.update',
      before: { schedulerPaused: false },
      after: { schedulerPaused: true },
    });
    expect(audit.body.items[0].actorLabel).toMatch(/^admin-\d+@test$/);
    const byActor = await call(auditRoute, 'GET', '/x?actor=admin-&targetType=settings', { headers: admin.headers });
    expect(byActor.body.items).toHaveLength(1);
  });
});

describe('retention settings', () => {
  const get = async () => (await call(getSettingsRoute, 'GET', '/x', { headers: by('admin session').headers })).body;
  const patch = (body: unknown, caller = by('admin session')) => call(updateSettingsRoute, 'PATCH', '/x', { headers: caller.headers, body });

  it('saves days of run history and of logs, keeps the unsent field, and audits before and after', async () => {
    const saved = await patch({ retention: { runsDays: 30 } });
    expect(saved).toMatchObject({ status: 200, body: { retention: { runsDays: 30, logsDays: 14 } } });
    expect((await patch({ retention: { logsDays: 7 } })).body.retention).toEqual({ runsDays: 30, logsDays: 7 });
    expect((await get()).retention).toEqual({ runsDays: 30, logsDays: 7 });
    const audit = await call(auditRoute, 'GET', '/x?action=settings.update', { headers: by('admin session').headers });
    expect(audit.body.items[0]).toMatchObject({ before: { retention: { runsDays: 30, logsDays: 14 } }, after: { retention: { runsDays: 30, logsDays: 7 } } });
  });

  it('refuses days out of range, fractions and unknown fields with 422 and saves nothing, not even the valid part', async () => {
    const before = await get();
    for (const body of [
      { retention: { runsDays: 0 } },
      { retention: { logsDays: 3651 } },
      { retention: { runsDays: 1.5 } },
      { retention: { runsDays: '30' } },
      { retention: { runsDays: 10, keep: 1 } },
      { schedulerPaused: !before.schedulerPaused, retention: { runsDays: 20, logsDays: 0 } },
    ]) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.fields.length).toBeGreaterThan(0);
    }
    expect((await patch({ retention: { runsDays: 4000 } })).body.error.fields).toEqual([{ field: 'retention.runsDays', message: 'at most 3650 days' }]);
    expect(await get()).toEqual(before);
  });

  it('is for admins only', async () => {
    expect((await patch({ retention: { runsDays: 5 } }, by('operator session'))).status).toBe(403);
    expect((await call(getSettingsRoute, 'GET', '/x', { headers: by('operator API key').headers })).status).toBe(403);
  });
});
