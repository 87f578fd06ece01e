import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretRoute } from '../../../lib/api/v1/secrets';
import { createTaskRoute } from '../../../lib/api/v1/tasks';
import { listTemplatesRoute } from '../../../lib/api/v1/templates';
import { triggerRun } from '../../../lib/tasks/service';
import { TEMPLATES } from '../../../lib/templates/catalog';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { appServer } from '../../helpers/app-server';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// Issue 13 point 5: the teams' jobs as templates, and POST /tasks {"template": key, ...}.

const database = withTestDatabase();
withApiEnvironment(database);
let operator: Caller;
let admin: Caller;
let app: Awaited<ReturnType<typeof appServer>>;

beforeAll(async () => {
  process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
  const callers = await makeCallers(database);
  operator = callers.find((c) => c.label === 'operator API key')!;
  admin = callers.find((c) => c.label === 'admin API key')!;
  app = await appServer(() => ({ status: 200, body: { synced: 3 } }));
  for (const [name, value] of [
    ['APP_DATABASE_URL', 'postgres://app@127.0.0.1:5432/app'],
    ['APP_SIGNING_SECRET', `whsec_${Buffer.from('a signing key of thirty-two byte').toString('base64')}`],
    ['BANK_PROVIDER_TOKEN', 'token'],
  ]) {
    expect((await call(createSecretRoute, 'POST', '/x', { headers: admin.headers, body: { name, value } })).status).toBe(201);
  }
});
afterAll(() => app.close());

const create = (body: unknown) => call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body });

describe('task templates', () => {
  it('are listed, and each one saves as a valid task as it is', async () => {
    const listed = await call(listTemplatesRoute, 'GET', '/x', { headers: operator.headers });
    expect(listed.body.items.map((t: { key: string }) => t.key)).toEqual(TEMPLATES.map((t) => t.key));
    for (const t of TEMPLATES) {
      const created = await create({ template: t.key, name: `${t.title} (as is)` });
      expect(created.status, `${t.key}: ${JSON.stringify(created.body)}`).toBe(201);
    }
  });

  it('give the maintenance jobs the cron strings the team asked for', () => {
    const crons = TEMPLATES.filter((t) => t.key.startsWith('maintenance.')).map((t) => (t.task.schedule as { expression: string }).expression);
    expect(crons).toEqual(['0 * * * *', '0 3 * * *', '0 2 * * *', '0 1 * * *', '0 4 * * 0', '0 5 1 * *']);
  });

  it('lay the given fields over the template: config keys merge, other fields replace', async () => {
    const created = await create({ template: 'csv-import', name: 'Import accounts.csv', config: { url: 'https://imports.example.com/run' }, policy: { maxAttempts: 4 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Import accounts.csv',
      schedule: { kind: 'cron', expression: '0 0 * * *', timezone: 'America/New_York' },
      config: { method: 'POST', url: 'https://imports.example.com/run', asyncCompletion: true },
      policy: { concurrency: 'forbid', misfire: 'coalesce', misfireGraceSeconds: 300, maxAttempts: 4 },
      notify: { callbackUrl: 'https://app.example.com/hooks/sundial' },
    });
  });

  it('refuse an unknown template with 422 naming it, and save nothing', async () => {
    const refused = await create({ template: 'no-such-job', name: 'x' });
    expect(refused).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'template', message: expect.stringContaining('background-sync') }] } } });
  });

  it('create a task that runs: the background sync template pointed at an app', async () => {
    const created = await create({ template: 'background-sync', config: { url: `${app.url}/sync` } });
    expect(created.status).toBe(201);
    const worker = testWorker(database, { id: 'templates-w', handlerModules: [BUILT_IN_HANDLERS] });
    await worker.start();
    try {
      await triggerRun(database.db, created.body.id, { trigger: 'manual', params: { users: ['ana'] } });
      await waitUntil(async () => (await runsOf(database, created.body.id))[0]?.status === 'succeeded', 10_000, 'the run');
    } finally {
      await worker.stop();
    }
    expect(JSON.parse(app.calls.at(-1)!.body)).toMatchObject({ params: { users: ['ana'] }, run: { taskName: 'Background sync' } });
    expect((await runsOf(database, created.body.id))[0]!.result).toMatchObject({ body: { synced: 3 } });
  });
});
