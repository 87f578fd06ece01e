import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../helpers/db';
import { root, waitUntil } from '../helpers/processes';
import { newSigningSecret, startPythonApp, withSundial, type Json, type PythonApp } from '../helpers/sundial';

// Issue 12's acceptance: each team's example in examples/ runs against a real Sundial (web and
// worker processes), set up as its README says (a signing secret, then POST task.json), and its
// stand-in app receives what it needs: params, test mode, run id and a valid signature.

const database = withTestDatabase();
const sundial = withSundial(database);
const apps: PythonApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
});

type Example = { dir: string; secretName: string };

/** The README's steps: the app with its signing secret, the same secret in Sundial, the task from task.json pointed at the app. */
async function setUp({ dir, secretName }: Example) {
  const secret = newSigningSecret();
  const app = await startPythonApp(`examples/${dir}/app.py`, { SIGNING_SECRET: secret });
  apps.push(app);
  expect((await sundial.api('POST', '/api/v1/secrets', { name: secretName, value: secret })).status).toBe(201);
  const task = JSON.parse(fs.readFileSync(path.join(root, 'examples', dir, 'task.json'), 'utf8'));
  const here = (url: string) => url.replace(/^http:\/\/127\.0\.0\.1:\d+/, app.url);
  if (task.handler === 'pipeline') for (const step of task.config.steps) step.config.url = here(step.config.url);
  else task.config.url = here(task.config.url);
  const created = await sundial.api('POST', '/api/v1/tasks', task);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { app, task: created.body };
}

async function runNow(taskId: string, body: { params?: Record<string, unknown>; testMode?: boolean }, until = (s: string) => !['queued', 'running'].includes(s)) {
  const queued = await sundial.api('POST', `/api/v1/tasks/${taskId}/run`, body);
  expect(queued.status).toBe(202);
  const runId = queued.body.runId as number;
  let run: Json;
  await waitUntil(async () => until((run = (await sundial.api('GET', `/api/v1/runs/${runId}`)).body).status), 20_000, `run ${runId} to end`);
  return run;
}

describe('the examples, each against a real Sundial', () => {
  it('background-sync: a signed POST with the run id, params and test mode; the answer is the result', async () => {
    const { app, task } = await setUp({ dir: 'background-sync', secretName: 'BUDGET_APP_SIGNING_SECRET' });
    const run = await runNow(task.id, { params: { users: ['ana'] } });
    expect(run).toMatchObject({ status: 'succeeded', result: { status: 200, body: { synced: 3 } } });
    const dry = await runNow(task.id, { testMode: true });
    expect(dry).toMatchObject({ status: 'succeeded', result: { body: { synced: 0, dry_run: true } } });
    expect(app.received()).toEqual([
      { path: '/sync', run_id: run.id, params: { users: ['ana'] }, test_mode: false, attempt: 1, signature_valid: true },
      { path: '/sync', run_id: dry.id, params: {}, test_mode: true, attempt: 1, signature_valid: true },
    ]);
  });

  it('newsletter: a pipeline daily at 08:00 New York; each step reads the earlier ones; a test-mode run skips the send', async () => {
    const { app, task } = await setUp({ dir: 'newsletter', secretName: 'NEWSLETTER_SIGNING_SECRET' });
    expect(task.schedule).toEqual({ kind: 'daily', time: '08:00', timezone: 'America/New_York' });
    const dry = await runNow(task.id, { params: { topics: ['ai', 'rust'] }, testMode: true });
    expect(dry).toMatchObject({ status: 'succeeded', result: { scrape: { body: { articles: expect.any(Array) } }, generate: { body: { title: 'Daily ai, rust', articles: 6 } }, send: null } });
    expect(dry.steps.map((s: Json) => [s.name, s.status, s.reason])).toEqual([
      ['scrape', 'succeeded', null],
      ['generate', 'succeeded', null],
      ['send', 'skipped', 'test mode'],
    ]);
    const sent = await runNow(task.id, { params: { topics: ['ai'] } });
    expect(sent).toMatchObject({ status: 'succeeded', result: { send: { body: { sent: 1200, title: 'Daily ai' } } } });
    const call = (path: string, run: Json, testMode: boolean) => ({ path, run_id: run.id, params: run.params, test_mode: testMode, attempt: 1, signature_valid: true });
    expect(app.received()).toEqual([
      call('/newsletter/scrape', dry, true),
      call('/newsletter/generate', dry, true),
      call('/newsletter/scrape', sent, false),
      call('/newsletter/generate', sent, false),
      call('/newsletter/send', sent, false),
    ]);
  });

  it('csv-import: the app answers 202, logs and reports progress, then finishes the run itself', async () => {
    const { app, task } = await setUp({ dir: 'csv-import', secretName: 'CSV_IMPORT_SIGNING_SECRET' });
    const run = await runNow(task.id, { params: { file: 'accounts.csv' } });
    expect(run).toMatchObject({ status: 'succeeded', result: { file: 'accounts.csv', rows: 1500, dry_run: false }, progress: { done: 3, total: 3 } });
    const logs = await sundial.api('GET', `/api/v1/runs/${run.id}/logs`);
    expect(logs.body.lines.map((l: { message: string }) => l.message)).toEqual(expect.arrayContaining(['accounts.csv: loaded batch 3 (1500 rows)']));
    const broken = await runNow(task.id, { params: { file: 'broken.csv' } });
    expect(broken).toMatchObject({ status: 'failed', errorMessage: expect.stringContaining('line 17') });
    expect(app.received().map((r) => [r.run_id, r.params.file, r.signature_valid])).toEqual([
      [run.id, 'accounts.csv', true],
      [broken.id, 'broken.csv', true],
    ]);
  });

  it('maintenance: the command handler runs the script with the run in SUNDIAL_* variables; test mode deletes nothing', async () => {
    const task = JSON.parse(fs.readFileSync(path.join(root, 'examples/maintenance/task.json'), 'utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-maintenance-'));
    task.config.cwd = root;
    task.config.env.APP_DB = path.join(dir, 'app.db');
    const created = await sundial.api('POST', '/api/v1/tasks', task);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const dry = await runNow(created.body.id, { testMode: true });
    expect(dry).toMatchObject({ status: 'succeeded', result: { job: 'cleanup-sessions', expired: 40, deleted: 0, dry_run: true, run_id: dry.id }, progress: { done: 2, total: 2 } });
    const real = await runNow(created.body.id, {});
    expect(real).toMatchObject({ status: 'succeeded', result: { expired: 40, deleted: 40, dry_run: false, run_id: real.id } });
    const logs = await sundial.api('GET', `/api/v1/runs/${real.id}/logs`);
    expect(logs.body.lines.map((l: { message: string }) => l.message)).toEqual(expect.arrayContaining([`run ${real.id}: cleanup-sessions`, '40 expired sessions']));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bank-sync: a remote worker of the team claims the run with its key, gets params, test mode and the resolved token', async () => {
    const key = await sundial.api('POST', '/api/v1/api-keys', { name: 'bank sync worker', role: 'worker', queues: ['bank-sync'] });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    expect((await sundial.api('POST', '/api/v1/secrets', { name: 'BANK_PROVIDER_TOKEN', value: 'provider-token-123' })).status).toBe(201);
    const task = JSON.parse(fs.readFileSync(path.join(root, 'examples/bank-sync/task.json'), 'utf8'));
    const created = await sundial.api('POST', '/api/v1/tasks', task);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const worker = await startPythonApp('examples/bank-sync/worker.py', { SUNDIAL_URL: sundial.url, SUNDIAL_WORKER_KEY: key.body.key }, null);
    apps.push(worker);
    const run = await runNow(created.body.id, { params: { accounts: ['checking', 'closed-2019'] }, testMode: true });
    expect(run, worker.output()).toMatchObject({ status: 'succeeded', result: { synced: ['checking'], dry_run: true } });
    expect(worker.received()).toEqual([{ run_id: run.id, params: { accounts: ['checking', 'closed-2019'] }, test_mode: true, attempt: 1, has_token: true }]);
    const logs = await sundial.api('GET', `/api/v1/runs/${run.id}/logs`);
    expect(logs.body.lines.map((l: { message: string }) => l.message)).toEqual(expect.arrayContaining(['checking: 12 new transactions (dry run, not saved)']));
  });
});
