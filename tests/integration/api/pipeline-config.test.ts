import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskRoute, getTaskRoute, patchTaskRoute } from '../../../lib/api/v1/tasks';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { appServer } from '../../helpers/app-server';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// A pipeline's steps are checked and sealed as tasks of their own handlers would be.

const database = withTestDatabase();
withApiEnvironment(database);
let operator: Caller;
let app: Awaited<ReturnType<typeof appServer>>;
const SIGNING = `whsec_${Buffer.from('a signing key of thirty-two byte').toString('base64')}`;

beforeAll(async () => {
  process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
  operator = (await makeCallers(database)).find((c) => c.label === 'operator API key')!;
  app = await appServer();
});
afterAll(() => app.close());

const create = (config: unknown, name = `pipeline ${Math.random().toString(36).slice(2)}`) =>
  call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body: { name, handler: 'pipeline', config, schedule: { kind: 'manual' } } });
const step = (name: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ name, handler: 'http', config, ...extra });

describe('pipeline configs', () => {
  it("refuses a step whose config its handler would refuse, naming the step's field", async () => {
    const res = await create({ steps: [step('scrape', { url: `${app.url}/a` }), step('send', { method: 'POST' })] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual([{ field: 'config.steps.1.config.url', message: expect.any(String) }]);
  });

  it('refuses an unknown step handler, a pipeline step, duplicate names and a step that waits for an app', async () => {
    const unknown = await create({ steps: [{ name: 'x', handler: 'nope', config: {} }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields).toEqual([{ field: 'config.steps.0.handler', message: expect.stringContaining('unknown handler "nope"') }]);

    const nested = await create({ steps: [{ name: 'x', handler: 'pipeline', config: { steps: [] } }] });
    expect(nested.body.error.fields).toEqual([{ field: 'config.steps.0.handler', message: 'a step cannot be a pipeline' }]);
    const badQueue = await create({ steps: [{ name: 'x', handler: 'remote', config: { queue: 'Not A Queue' } }] });
    expect(badQueue.body.error.fields).toEqual([{ field: 'config.steps.0.config.queue', message: expect.any(String) }]);

    const twice = await create({ steps: [step('a', { url: `${app.url}/a` }), step('a', { url: `${app.url}/b` })] });
    expect(twice.body.error.fields).toEqual([{ field: 'config.steps', message: 'step names must be unique' }]);

    const waits = await create({ steps: [step('a', { url: `${app.url}/a`, method: 'POST', asyncCompletion: true })] });
    expect(waits.body.error.fields).toEqual([{ field: 'config.steps.0.config.asyncCompletion', message: expect.stringContaining('turn asyncCompletion off') }]);
  });

  it("seals a step's secret field, shows it redacted, keeps it when sent back redacted, and the worker signs with it", async () => {
    const created = await create({ steps: [step('notify', { url: `${app.url}/signed`, method: 'POST', signingSecret: SIGNING })] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const { rows } = await database.pool.query<{ config: { steps: { config: { signingSecret: string } }[] } }>('select config from tasks where id = $1', [id]);
    expect(rows[0]!.config.steps[0]!.config.signingSecret).toMatch(/^sealed:v1\./);
    expect(JSON.stringify(rows[0]!.config)).not.toContain(SIGNING);

    const shown = await call(getTaskRoute, 'GET', `/api/v1/tasks/${id}`, { headers: operator.headers, params: { id } });
    expect(shown.body.config.steps[0].config.signingSecret).toBe('[redacted]');
    // Sent back as shown, with another field changed: the sealed value stays.
    const steps = shown.body.config.steps as { config: Record<string, unknown> }[];
    steps[0]!.config.timeoutSeconds = 20;
    const updated = await call(patchTaskRoute, 'PATCH', `/api/v1/tasks/${id}`, { headers: operator.headers, params: { id }, body: { config: { steps } } });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const after = await database.pool.query<{ config: { steps: { config: { signingSecret: string; timeoutSeconds: number } }[] } }>('select config from tasks where id = $1', [id]);
    expect(after.rows[0]!.config.steps[0]!.config).toMatchObject({ signingSecret: rows[0]!.config.steps[0]!.config.signingSecret, timeoutSeconds: 20 });

    const worker = testWorker(database, { id: 'pipeline-sign-w', handlerModules: [BUILT_IN_HANDLERS] });
    await worker.start();
    try {
      await triggerRun(database.db, id, { trigger: 'manual' });
      await waitUntil(async () => (await runsOf(database, id))[0]?.status === 'succeeded', 10_000, 'the run');
    } finally {
      await worker.stop();
    }
    const hit = app.calls.find((c) => c.path === '/signed')!;
    expect(() => new Webhook(SIGNING).verify(hit.body, hit.headers)).not.toThrow();
  });
});
