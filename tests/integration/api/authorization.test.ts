import { beforeAll, describe, expect, it } from 'vitest';
import { users, type ApiKeyRole } from '../../../db/schema';
import { auditRoute, getSettingsRoute, updateSettingsRoute } from '../../../lib/api/v1/admin';
import { changeOwnPasswordRoute, createUserRoute, endOwnSessionsRoute, getOwnNotificationsRoute, listUsersRoute, putOwnNotificationsRoute, updateUserRoute } from '../../../lib/api/v1/users';
import { reportPreviewRoute, reportSendRoute } from '../../../lib/api/v1/report';
import { createApiKeyRoute, listApiKeysRoute, revokeApiKeyRoute } from '../../../lib/api/v1/api-keys';
import {
  createTaskRoute,
  deleteTaskRoute,
  disableTaskRoute,
  enableTaskRoute,
  getTaskRoute,
  listTasksRoute,
  patchTaskRoute,
  putTaskRoute,
  runTaskRoute,
} from '../../../lib/api/v1/tasks';
import { handlersRoute, previewRoute, taskStatsRoute, workersRoute } from '../../../lib/api/v1/catalog';
import { listTemplatesRoute } from '../../../lib/api/v1/templates';
import { exportTaskRunsRoute } from '../../../lib/api/v1/run-export';
import { cancelRunRoute, getRunRoute, listRunsRoute, runLogsRoute, taskRunsRoute } from '../../../lib/api/v1/runs';
import { createSecretRoute, deleteSecretRoute, listSecretsRoute, replaceSecretRoute } from '../../../lib/api/v1/secrets';
import { dailyStatsRoute, getSchedulerRoute, putSchedulerRoute } from '../../../lib/api/v1/overview';
import { acknowledgeIncidentRoute, listIncidentsRoute } from '../../../lib/api/v1/incidents';
import { createApiKey } from '../../../lib/auth/api-keys';
import { hashPassword } from '../../../lib/auth/password';
import { allows } from '../../../lib/auth/roles';
import { call, makeCallers, sessionHeaders, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';
import { remoteClaimRoute } from '../../../lib/api/v1/remote-claim';
import { finishRoute, heartbeatRoute, runLogsAppendRoute, runProgressRoute } from '../../../lib/api/v1/run-reports';
import { endOneRun } from '../../helpers/outbox';

const database = withTestDatabase();
withApiEnvironment(database);

let n = 0;
const freshTask = () => makeTask(database, { name: `matrix ${++n}`, schedule: { kind: 'manual' } });
const freshRun = async () => {
  const { rows } = await database.pool.query<{ id: number }>(`insert into runs (task_id, trigger, scheduled_for) values ($1, 'api', now()) returning id`, [(await freshTask()).id]);
  return Number(rows[0]!.id);
};
const freshUser = async () => (await database.db.insert(users).values({ email: `fresh${++n}@test`, role: 'viewer', passwordHash: 'x' }).returning())[0]!.id;
let secretAdmin: Caller | undefined;
const freshSecret = async () => {
  const name = `MATRIX_${++n}`;
  secretAdmin ??= (await makeCallers(database)).find((c) => c.label === 'admin API key')!;
  expect((await call(createSecretRoute, 'POST', '/x', { headers: secretAdmin.headers, body: { name, value: 'v' } })).status).toBe(201);
  return name;
};
const freshIncident = async () => {
  const task = await freshTask();
  await endOneRun(database, task.id, 'failed');
  return (await database.pool.query<{ id: string }>('select id from incidents where task_id = $1', [task.id])).rows[0]!.id;
};
const newTask = () => ({ name: `created ${++n}`, handler: 'noop', schedule: { kind: 'interval', everySeconds: 3600 } });

// These end every session of the caller's user, so a session caller is stood in for by a
// new user of the same role, whose sessions may end.
const ownSession = async (c: Caller) => {
  if (!c.role || !c.userId || c.role === 'worker') return c.headers;
  const [user] = await database.db.insert(users).values({ email: `own${++n}@test`, role: c.role, passwordHash: await hashPassword('password123') }).returning();
  return sessionHeaders(database, user!.id);
};

type Endpoint = { name: string; role: ApiKeyRole; sessionsOnly?: boolean; send: (c: Caller) => Promise<{ status: number }> };
const endpoints: Endpoint[] = [
  { name: 'POST /tasks', role: 'operator', send: (c) => call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: c.headers, body: newTask() }) },
  { name: 'GET /tasks', role: 'viewer', send: (c) => call(listTasksRoute, 'GET', '/api/v1/tasks?limit=5', { headers: c.headers }) },
  { name: 'GET /tasks/{id}', role: 'viewer', send: async (c) => call(getTaskRoute, 'GET', '/api/v1/tasks/x', { headers: c.headers, params: { id: (await freshTask()).id } }) },
  { name: 'PATCH /tasks/{id}', role: 'operator', send: async (c) => call(patchTaskRoute, 'PATCH', '/api/v1/tasks/x', { headers: c.headers, params: { id: (await freshTask()).id }, body: { description: 'patched' } }) },
  {
    name: 'PUT /tasks/{id}',
    role: 'operator',
    send: async (c) => call(putTaskRoute, 'PUT', '/api/v1/tasks/x', { headers: c.headers, params: { id: (await freshTask()).id }, body: { ...newTask(), version: 1 } }),
  },
  { name: 'DELETE /tasks/{id}', role: 'operator', send: async (c) => call(deleteTaskRoute, 'DELETE', '/api/v1/tasks/x', { headers: c.headers, params: { id: (await freshTask()).id } }) },
  { name: 'POST /tasks/{id}/enable', role: 'operator', send: async (c) => call(enableTaskRoute, 'POST', '/x', { headers: c.headers, params: { id: (await freshTask()).id } }) },
  { name: 'POST /tasks/{id}/disable', role: 'operator', send: async (c) => call(disableTaskRoute, 'POST', '/x', { headers: c.headers, params: { id: (await freshTask()).id } }) },
  { name: 'POST /tasks/{id}/run', role: 'operator', send: async (c) => call(runTaskRoute, 'POST', '/x', { headers: c.headers, params: { id: (await freshTask()).id }, body: { testMode: true } }) },
  { name: 'POST /api-keys', role: 'admin', send: (c) => call(createApiKeyRoute, 'POST', '/api/v1/api-keys', { headers: c.headers, body: { name: `k${++n}`, role: 'viewer' } }) },
  { name: 'GET /api-keys', role: 'admin', send: (c) => call(listApiKeysRoute, 'GET', '/api/v1/api-keys', { headers: c.headers }) },
  {
    name: 'DELETE /api-keys/{id}',
    role: 'admin',
    send: async (c) => call(revokeApiKeyRoute, 'DELETE', '/x', { headers: c.headers, params: { id: (await createApiKey(database.db, { name: `r${++n}`, role: 'viewer' })).record.id } }),
  },
  { name: 'GET /tasks/{id}/runs', role: 'viewer', send: async (c) => call(taskRunsRoute, 'GET', '/x', { headers: c.headers, params: { id: (await freshTask()).id } }) },
  {
    name: 'GET /tasks/{id}/runs.csv',
    role: 'viewer',
    // A CSV body, so the handler is called directly rather than through the JSON-reading call().
    send: async (c) => exportTaskRunsRoute(new Request('http://localhost:3000/x', { headers: c.headers }), { params: Promise.resolve({ id: (await freshTask()).id }) }),
  },
  { name: 'GET /tasks/{id}/stats', role: 'viewer', send: async (c) => call(taskStatsRoute, 'GET', '/x?days=30', { headers: c.headers, params: { id: (await freshTask()).id } }) },
  { name: 'GET /runs', role: 'viewer', send: (c) => call(listRunsRoute, 'GET', '/api/v1/runs', { headers: c.headers }) },
  { name: 'GET /runs/{id}', role: 'viewer', send: async (c) => call(getRunRoute, 'GET', '/x', { headers: c.headers, params: { id: String(await freshRun()) } }) },
  { name: 'GET /runs/{id}/logs', role: 'viewer', send: async (c) => call(runLogsRoute, 'GET', '/x', { headers: c.headers, params: { id: String(await freshRun()) } }) },
  { name: 'POST /runs/{id}/cancel', role: 'operator', send: async (c) => call(cancelRunRoute, 'POST', '/x', { headers: c.headers, params: { id: String(await freshRun()) } }) },
  { name: 'POST /schedules/preview', role: 'viewer', send: (c) => call(previewRoute, 'POST', '/x', { headers: c.headers, body: { schedule: { kind: 'manual' } } }) },
  { name: 'GET /handlers', role: 'viewer', send: (c) => call(handlersRoute, 'GET', '/x', { headers: c.headers }) },
  { name: 'GET /templates', role: 'viewer', send: (c) => call(listTemplatesRoute, 'GET', '/x', { headers: c.headers }) },
  { name: 'GET /workers', role: 'viewer', send: (c) => call(workersRoute, 'GET', '/x', { headers: c.headers }) },
  { name: 'GET /secrets', role: 'operator', send: (c) => call(listSecretsRoute, 'GET', '/x', { headers: c.headers }) },
  { name: 'POST /secrets', role: 'admin', send: (c) => call(createSecretRoute, 'POST', '/x', { headers: c.headers, body: { name: `NEW_${++n}`, value: 'v' } }) },
  { name: 'PUT /secrets/{name}', role: 'admin', send: async (c) => call(replaceSecretRoute, 'PUT', '/x', { headers: c.headers, params: { name: await freshSecret() }, body: { value: 'w' } }) },
  { name: 'DELETE /secrets/{name}', role: 'admin', send: async (c) => call(deleteSecretRoute, 'DELETE', '/x', { headers: c.headers, params: { name: await freshSecret() } }) },
  { name: 'GET /users', role: 'admin', send: (c) => call(listUsersRoute, 'GET', '/x', { headers: c.headers }) },
  { name: 'POST /users', role: 'admin', send: (c) => call(createUserRoute, 'POST', '/x', { headers: c.headers, body: { email: `u${++n}@example.com`, role: 'viewer', password: 'a long enough password' } }) },
  { name: 'PATCH /users/{id}', role: 'admin', send: async (c) => call(updateUserRoute, 'PATCH', '/x', { headers: c.headers, params: { id: await freshUser() }, body: { name: 'renamed' } }) },
  {
    name: 'POST /me/password',
    role: 'viewer',
    sessionsOnly: true,
    send: async (c) => call(changeOwnPasswordRoute, 'POST', '/x', { headers: await ownSession(c), body: { currentPassword: 'password123', newPassword: 'a brand new password' } }),
  },
  { name: 'GET /me/notifications', role: 'viewer', sessionsOnly: true, send: async (c) => call(getOwnNotificationsRoute, 'GET', '/x', { headers: await ownSession(c) }) },
  { name: 'PUT /me/notifications', role: 'viewer', sessionsOnly: true, send: async (c) => call(putOwnNotificationsRoute, 'PUT', '/x', { headers: await ownSession(c), body: { events: ['report.weekly'] } }) },
  { name: 'GET /report/preview', role: 'viewer', send: (c) => call(reportPreviewRoute, 'GET', '/x', { headers: c.headers }) },
  {
    name: 'POST /report/send',
    role: 'operator',
    send: async (c) => {
      await makeTask(database, { name: `report ${++n}`, handler: 'weekly-report', schedule: { kind: 'manual' } });
      return call(reportSendRoute, 'POST', '/x', { headers: c.headers, body: { testMode: true } });
    },
  },
  { name: 'DELETE /me/sessions', role: 'viewer', sessionsOnly: true, send: async (c) => call(endOwnSessionsRoute, 'DELETE', '/x', { headers: await ownSession(c) }) },
  { name: 'GET /stats', role: 'viewer', send: (c) => call(dailyStatsRoute, 'GET', '/x?days=30', { headers: c.headers }) },
  { name: 'GET /scheduler', role: 'viewer', send: (c) => call(getSchedulerRoute, 'GET', '/x', { headers: c.headers }) },
  { name: 'PUT /scheduler', role: 'operator', send: (c) => call(putSchedulerRoute, 'PUT', '/x', { headers: c.headers, body: { paused: false } }) },
  { name: 'GET /settings', role: 'admin', send: (c) => call(getSettingsRoute, 'GET', '/x', { headers: c.headers }) },
  { name: 'PATCH /settings', role: 'admin', send: (c) => call(updateSettingsRoute, 'PATCH', '/x', { headers: c.headers, body: { schedulerPaused: false } }) },
  { name: 'GET /incidents', role: 'viewer', send: (c) => call(listIncidentsRoute, 'GET', '/api/v1/incidents?status=open', { headers: c.headers }) },
  {
    name: 'POST /incidents/{id}/acknowledge',
    role: 'operator',
    send: async (c) => call(acknowledgeIncidentRoute, 'POST', '/x', { headers: c.headers, params: { id: await freshIncident() }, body: { note: 'on it' } }),
  },
  { name: 'GET /audit', role: 'admin', send: (c) => call(auditRoute, 'GET', '/x?limit=5', { headers: c.headers }) },
  { name: 'POST /remote/claim', role: 'worker', send: (c) => call(remoteClaimRoute, 'POST', '/x', { headers: c.headers, body: { worker: 'matrix', waitSeconds: 0 } }) },
];

describe('authorization matrix: every caller against every endpoint', () => {
  let callers: Caller[] = [];
  beforeAll(async () => {
    // A remote worker's key: refused everywhere but its claim.
    const { key } = await createApiKey(database.db, { name: 'worker key', role: 'worker', queues: ['matrix'] });
    callers = [...(await makeCallers(database)), { label: 'worker API key', role: 'worker', headers: { authorization: `Bearer ${key}` } }];
  });

  for (const endpoint of endpoints) {
    it(`${endpoint.name} (${endpoint.role})`, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, string> = {};
      for (const caller of callers) {
        const { status } = await endpoint.send(caller);
        got[caller.label] = status;
        const keyOnSessionRoute = endpoint.sessionsOnly && caller.label.endsWith('API key');
        want[caller.label] = caller.role === null ? '401' : allows(caller.role, endpoint.role) && !keyOnSessionRoute ? '2xx' : '403';
      }
      const seen = Object.fromEntries(Object.entries(got).map(([k, s]) => [k, s >= 200 && s < 300 ? '2xx' : String(s)]));
      expect(seen).toEqual(want);
    });
  }
});

describe('run-token endpoints', () => {
  it('refuse every session and API key, a worker key too: only the run token counts (401)', async () => {
    const { key } = await createApiKey(database.db, { name: 'worker key 2', role: 'worker', queues: ['matrix'] });
    const callers = [...(await makeCallers(database)), { label: 'worker API key', role: 'worker', headers: { authorization: `Bearer ${key}` } }];
    const id = String(await freshRun());
    for (const handler of [heartbeatRoute, runLogsAppendRoute, runProgressRoute, finishRoute]) {
      for (const c of callers) expect((await call(handler, 'POST', '/x', { headers: c.headers, params: { id }, body: {} })).status, c.label).toBe(401);
    }
  });
});

describe('credentials that do not count', () => {
  it('a revoked key, an expired key, a made-up key and a forged session all get 401', async () => {
    const revoked = await createApiKey(database.db, { name: 'revoked', role: 'admin' });
    await call(revokeApiKeyRoute, 'DELETE', '/x', { headers: (await makeCallers(database))[6]!.headers, params: { id: revoked.record.id } });
    const expired = await createApiKey(database.db, { name: 'expired', role: 'admin', expiresAt: new Date(Date.now() - 1000) });
    for (const headers of <Record<string, string>[]>[
      { authorization: `Bearer ${revoked.key}` },
      { 'x-api-key': expired.key },
      { authorization: 'Bearer sdk_made_up_key_that_does_not_exist' },
      { cookie: 'next-auth.session-token=forged.jwt.value' },
    ]) {
      expect((await call(listTasksRoute, 'GET', '/api/v1/tasks', { headers })).status).toBe(401);
    }
  });

  it('a session mutation from another origin is refused, while an API key needs no Origin', async () => {
    const admin = (await makeCallers(database)).find((c) => c.label === 'admin session')!;
    const crossSite = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: { ...admin.headers, origin: 'https://evil.example' }, body: newTask() });
    expect(crossSite).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringMatching(/^cross-origin request refused/) } } });
    const key = (await makeCallers(database)).find((c) => c.label === 'operator API key')!;
    expect((await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: { ...key.headers, origin: 'https://evil.example' }, body: newTask() })).status).toBe(201);
  });
});
