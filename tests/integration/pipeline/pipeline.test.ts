import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { FIXTURE_HANDLERS } from '../../fixtures/handlers';
import { SECRET_KEY } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// Issue 13, point 1: a pipeline records each step, skips the rest after a failure, keeps
// the finished steps for its retry, and skips the send in test mode. The steps are http
// calls to a real local app that counts them, so a step run twice shows.

const database = withTestDatabase();
process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
// The envelope carries a run token, signed with the secret key.
process.env.SUNDIAL_SECRET_KEY ??= SECRET_KEY;

type Call = { path: string; body: { run: { id: number; attempt: number; testMode: boolean }; steps: Record<string, { body?: unknown }> } };
let server: Server;
let base: string;
const calls: Call[] = [];
// How many more times each path answers 500.
const failures = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      calls.push({ path, body: body as Call['body'] });
      const left = failures.get(path) ?? 0;
      if (left > 0) {
        failures.set(path, left - 1);
        res.writeHead(500).end('generator down');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ from: path }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as unknown) : null;
}

const newsletter = (prefix: string) => ({
  steps: [
    { name: 'scrape', handler: 'http', config: { method: 'POST', url: `${base}/${prefix}/scrape` } },
    { name: 'generate', handler: 'http', config: { method: 'POST', url: `${base}/${prefix}/generate` } },
    { name: 'send', handler: 'http', config: { method: 'POST', url: `${base}/${prefix}/send` }, skipInTestMode: true },
  ],
});

type StepRow = { run_id: string; idx: number; name: string; status: string; result: { body?: unknown } | null; error: string | null; reason: string | null; reused_from: string | null; duration_ms: number | null };
const stepsOf = async (runId: number) =>
  (await database.pool.query<StepRow>('select * from run_steps where run_id = $1 order by idx', [runId])).rows;
const callsTo = (prefix: string) => calls.filter((c) => c.path.startsWith(`/${prefix}/`)).map((c) => c.path.split('/').at(-1));

describe('pipelines', () => {
  it('a step that fails fails the run and skips the rest; the retry resumes at it and does not run the first step again', async () => {
    failures.set('/retry/generate', 1);
    const task = await makeTask(database, { name: 'newsletter retry', handler: 'pipeline', config: newsletter('retry'), schedule: { kind: 'manual' }, policy: { maxAttempts: 2, backoffSeconds: 0 } });
    const worker = testWorker(database, { id: 'pipe-w', handlerModules: [BUILT_IN_HANDLERS] });
    await worker.start();
    try {
      await triggerRun(database.db, task.id, { trigger: 'manual' });
      await waitUntil(async () => (await runsOf(database, task.id)).some((r) => r.attempt === 2 && r.status === 'succeeded'), 10_000, 'the retry to succeed');
    } finally {
      await worker.stop();
    }
    const [first, second] = await runsOf(database, task.id);
    expect(first).toMatchObject({ status: 'failed', error_message: expect.stringContaining('step "generate" failed: HTTP 500') });

    const firstSteps = await stepsOf(first!.id);
    expect(firstSteps.map((s) => [s.name, s.status, s.reason])).toEqual([
      ['scrape', 'succeeded', null],
      ['generate', 'failed', null],
      ['send', 'skipped', 'step "generate" failed'],
    ]);
    // The result of the step before the failure is kept.
    expect(firstSteps[0]!.result?.body).toEqual({ from: '/retry/scrape' });
    expect(firstSteps[1]!.error).toContain('HTTP 500');

    const secondSteps = await stepsOf(second!.id);
    expect(secondSteps.map((s) => [s.name, s.status, s.reused_from === null ? null : Number(s.reused_from)])).toEqual([
      ['scrape', 'succeeded', first!.id],
      ['generate', 'succeeded', null],
      ['send', 'succeeded', null],
    ]);
    // scrape ran once; generate failed once then ran again; send ran once.
    expect(callsTo('retry')).toEqual(['scrape', 'generate', 'generate', 'send']);
    // Each step got the earlier steps' results, the kept one included.
    const lastGenerate = calls.filter((c) => c.path === '/retry/generate').at(-1)!;
    expect(lastGenerate.body.run.attempt).toBe(2);
    expect(lastGenerate.body.steps.scrape?.body).toEqual({ from: '/retry/scrape' });
    const send = calls.find((c) => c.path === '/retry/send')!;
    expect(Object.keys(send.body.steps)).toEqual(['scrape', 'generate']);
    expect(second!.result).toMatchObject({ scrape: { body: { from: '/retry/scrape' } }, send: { status: 200 } });
  });

  it('in test mode the step marked skipInTestMode is skipped, and the others run', async () => {
    const task = await makeTask(database, { name: 'newsletter test mode', handler: 'pipeline', config: newsletter('dry'), schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'pipe-dry-w', handlerModules: [BUILT_IN_HANDLERS] });
    await worker.start();
    try {
      await triggerRun(database.db, task.id, { trigger: 'manual', testMode: true });
      await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 10_000, 'the run');
    } finally {
      await worker.stop();
    }
    const [run] = await runsOf(database, task.id);
    expect((await stepsOf(run!.id)).map((s) => [s.name, s.status, s.reason])).toEqual([
      ['scrape', 'succeeded', null],
      ['generate', 'succeeded', null],
      ['send', 'skipped', 'test mode'],
    ]);
    expect(callsTo('dry')).toEqual(['scrape', 'generate']);
    expect(calls.filter((c) => c.path.startsWith('/dry/')).every((c) => c.body.run.testMode)).toBe(true);
  });

  it("a step's log lines carry its number", async () => {
    const task = await makeTask(database, { name: 'pipeline logs', handler: 'pipeline', config: newsletter('logs'), schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'pipe-log-w', handlerModules: [BUILT_IN_HANDLERS] });
    await worker.start();
    try {
      await triggerRun(database.db, task.id, { trigger: 'manual' });
      await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 10_000, 'the run');
    } finally {
      await worker.stop();
    }
    const [run] = await runsOf(database, task.id);
    const { rows } = await database.pool.query<{ step: number | null; message: string }>('select step, message from run_logs where run_id = $1 order by seq', [run!.id]);
    const byStep = (step: number) => rows.filter((r) => r.step === step).map((r) => r.message);
    expect(byStep(0)).toEqual([expect.stringMatching(/^POST .*\/logs\/scrape -> 200/)]);
    expect(byStep(1)).toEqual([expect.stringMatching(/\/logs\/generate -> 200/)]);
    expect(byStep(2)).toEqual([expect.stringMatching(/\/logs\/send -> 200/)]);
  });
});

describe('ctx.step in a code handler', () => {
  it('records each step with its log lines; the retry keeps the finished step and runs the failed one', async () => {
    const countFile = path.join(os.tmpdir(), `sundial-stepped-${process.pid}-${Date.now()}`);
    const task = await makeTask(database, { name: 'stepped', handler: 'stepped', config: { countFile }, schedule: { kind: 'manual' }, policy: { maxAttempts: 2, backoffSeconds: 0 } });
    const worker = testWorker(database, { id: 'stepped-w', handlerModules: [BUILT_IN_HANDLERS, FIXTURE_HANDLERS] });
    await worker.start();
    try {
      await triggerRun(database.db, task.id, { trigger: 'manual' });
      await waitUntil(async () => (await runsOf(database, task.id)).some((r) => r.attempt === 2 && r.status === 'succeeded'), 10_000, 'the retry');
    } finally {
      await worker.stop();
    }
    expect(fs.readFileSync(countFile, 'utf8').trim().split('\n')).toEqual(['fetch', 'save', 'save', 'notify']);
    fs.rmSync(countFile);
    const [first, second] = await runsOf(database, task.id);
    expect((await stepsOf(first!.id)).map((s) => [s.name, s.status, s.error])).toEqual([
      ['fetch', 'succeeded', null],
      ['save', 'failed', 'the database said no'],
    ]);
    const steps = await stepsOf(second!.id);
    expect(steps.map((s) => [s.name, s.status])).toEqual([
      ['fetch', 'succeeded'],
      ['save', 'succeeded'],
      ['notify', 'succeeded'],
    ]);
    expect(steps[0]).toMatchObject({ result: [1, 2, 3], reused_from: String(first!.id) });
    expect(second!.result).toEqual({ saved: 3 });
    const { rows } = await database.pool.query<{ step: number | null; message: string }>('select step, message from run_logs where run_id = $1 order by seq', [second!.id]);
    // The kept step did not run, so it wrote nothing; the one that ran saw the kept result.
    expect(rows.filter((r) => r.step !== null)).toEqual([{ step: 1, message: 'saving 3 rows after fetch' }]);
  });
});
