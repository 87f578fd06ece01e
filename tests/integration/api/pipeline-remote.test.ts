import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { closeRunsWake } from '../../../lib/remote/wake';
import { makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { appServer } from '../../helpers/app-server';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { claim, report, runNow, workerKey } from '../../helpers/remote';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';
import type { Worker } from '../../../worker/worker';

// A pipeline step on a remote queue: the run moves to the queue for the team's own worker,
// which gets the step's config and the earlier results, and comes back for the next step.

const database = withTestDatabase();
withApiEnvironment(database);
let operator: Caller;
let key: string;
let app: Awaited<ReturnType<typeof appServer>>;
let worker: Worker;

beforeAll(async () => {
  process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
  const callers = await makeCallers(database);
  operator = callers.find((c) => c.label === 'operator API key')!;
  key = await workerKey(callers.find((c) => c.label === 'admin API key')!, ['generate']);
  app = await appServer((c) => ({ status: 200, body: { from: c.path } }));
  worker = testWorker(database, { id: 'pipeline-remote-w', handlerModules: [BUILT_IN_HANDLERS] });
  await worker.start();
});
afterAll(async () => {
  await worker.stop();
  await app.close();
  closeRunsWake();
});

const pipeline = (name: string, policy: Record<string, unknown> = {}) =>
  makeTask(database, {
    name,
    handler: 'pipeline',
    config: {
      steps: [
        { name: 'scrape', handler: 'http', config: { method: 'POST', url: `${app.url}/${name}/scrape` } },
        { name: 'generate', handler: 'remote', config: { queue: 'generate', settings: { model: 'small' } } },
        { name: 'send', handler: 'http', config: { method: 'POST', url: `${app.url}/${name}/send` } },
      ],
    },
    schedule: { kind: 'manual' },
    policy: policy as never,
  });

type Claimed = { run: { id: number; step: string | null; steps: Record<string, { body: unknown }>; config: unknown; queue: string }; token: string };
async function claimStep(): Promise<Claimed> {
  const res = await claim(key, { worker: 'gen-1', queues: ['generate'], waitSeconds: 10 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Claimed;
}
const stepsOf = async (runId: number) =>
  (await database.pool.query<{ name: string; status: string; result: unknown; reason: string | null; reused_from: string | null }>('select name, status, result, reason, reused_from from run_steps where run_id = $1 order by idx', [runId])).rows;
const paths = (prefix: string) => app.calls.filter((c) => c.path.startsWith(`/${prefix}/`)).map((c) => c.path.split('/').at(-1));

describe('a remote step in a pipeline', () => {
  it('moves the run to its queue; the remote worker gets the step config and earlier results; its result goes on to the next step', async () => {
    const task = await pipeline('ok');
    const runId = await runNow(operator, task.id);
    const claimed = await claimStep();
    expect(claimed.run).toMatchObject({ id: runId, step: 'generate', queue: 'generate', config: { queue: 'generate', settings: { model: 'small' } }, steps: { scrape: { body: { from: '/ok/scrape' } } } });
    // Waiting on the remote worker, the step shows running on its queue.
    expect((await stepsOf(runId)).map((s) => [s.name, s.status])).toEqual([
      ['scrape', 'succeeded'],
      ['generate', 'running'],
    ]);
    const done = await report('finish', runId, claimed.token, { status: 'succeeded', result: { issue: 'Daily ai' } });
    expect(done).toMatchObject({ status: 200, body: { status: 'queued', retried: false } });

    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 10_000, 'the pipeline to finish in-process');
    const [run] = await runsOf(database, task.id);
    expect(run!.result).toMatchObject({ generate: { issue: 'Daily ai' }, send: { body: { from: '/ok/send' } } });
    expect((await stepsOf(runId)).map((s) => [s.name, s.status, s.reused_from])).toEqual([
      ['scrape', 'succeeded', null],
      ['generate', 'succeeded', null],
      ['send', 'succeeded', null],
    ]);
    // The send got the remote step's result; nothing ran twice; the run stayed one attempt.
    const send = app.calls.find((c) => c.path === '/ok/send')!;
    expect(JSON.parse(send.body).steps.generate).toEqual({ issue: 'Daily ai' });
    expect(paths('ok')).toEqual(['scrape', 'send']);
    expect((await runsOf(database, task.id)).length).toBe(1);
  });

  it('a failed remote step fails the run and skips the rest; the retry keeps the scrape and sends the run to the queue again', async () => {
    const task = await pipeline('retry', { maxAttempts: 2, backoffSeconds: 0 });
    const runId = await runNow(operator, task.id);
    const first = await claimStep();
    const failed = await report('finish', runId, first.token, { status: 'failed', error: 'model overloaded' });
    expect(failed).toMatchObject({ status: 200, body: { status: 'failed', retried: true } });
    expect((await stepsOf(runId)).map((s) => [s.name, s.status, s.reason])).toEqual([
      ['scrape', 'succeeded', null],
      ['generate', 'failed', null],
      ['send', 'skipped', 'step "generate" failed'],
    ]);
    expect((await runsOf(database, task.id))[0]).toMatchObject({ status: 'failed', error_message: 'step "generate" failed: model overloaded' });

    const second = await claimStep();
    expect(second.run).toMatchObject({ step: 'generate', steps: { scrape: { body: { from: '/retry/scrape' } } } });
    await report('finish', second.run.id, second.token, { status: 'succeeded', result: { issue: 'second try' } });
    await waitUntil(async () => (await runsOf(database, task.id))[1]?.status === 'succeeded', 10_000, 'the retry to finish');
    expect((await stepsOf(second.run.id)).map((s) => [s.name, s.status, s.reused_from === null ? null : Number(s.reused_from)])).toEqual([
      ['scrape', 'succeeded', runId],
      ['generate', 'succeeded', null],
      ['send', 'succeeded', null],
    ]);
    expect(paths('retry')).toEqual(['scrape', 'send']);
  });
});
