import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../lib/auth/api-keys';
import { Reaper } from '../../../worker/reaper';
import { SECRET_KEY, withApiEnvironment } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { cleanEnv, root, waitUntil } from '../../helpers/processes';
import { request, withWebServer } from '../../helpers/web-server';
import { silentLog } from '../../helpers/worker';

// The Python client against a real web process: the claim long poll, heartbeats, logs,
// progress, finish, cancel, and a worker killed mid-run whose run another one finishes.

const LEASE = 3;
const database = withTestDatabase();
withApiEnvironment(database);
const server = withWebServer(database, { SUNDIAL_SECRET_KEY: SECRET_KEY, SUNDIAL_LEASE_SECONDS: String(LEASE) });

let adminKey = '';
let workerKey = '';
let reaper: Reaper;
const workers: { child: ChildProcess; out: string[] }[] = [];

async function api(method: string, pathname: string, body?: unknown, key = adminKey) {
  const res = await request(server, method, `/api/v1${pathname}`, { headers: { authorization: `Bearer ${key}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.text ? JSON.parse(res.text) : null };
}

function startWorker(name: string) {
  const child = spawn('python3', [path.join(root, 'tests/fixtures/remote_worker.py')], {
    env: cleanEnv({ SUNDIAL_URL: server.url, SUNDIAL_WORKER_KEY: workerKey, WORKER_NAME: name, PYTHONUNBUFFERED: '1' }) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const w = { child, out: [] as string[] };
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    w.out.push(...lines);
  });
  child.stderr!.on('data', (d: Buffer) => process.env.TEST_LOG_LEVEL && process.stderr.write(d));
  workers.push(w);
  return w;
}

const saw = (w: { out: string[] }, line: string) => waitUntil(() => w.out.includes(line), 15_000, `"${line}" from the Python worker`);
const runsOf = async (taskId: string) =>
  (await database.pool.query('select id, attempt, status, worker_id, result, error_message, progress from runs where task_id = $1 order by id', [taskId])).rows;
const settled = (taskId: string, n: number) =>
  waitUntil(async () => (await runsOf(taskId)).filter((r) => !['queued', 'running'].includes(r.status)).length >= n, 20_000, `${n} ended runs`);

async function remoteTask(name: string, policy: Record<string, unknown> = {}) {
  const res = await api('POST', '/tasks', {
    name,
    handler: 'remote',
    config: { queue: 'bank-sync', settings: { token: '{{secrets.BANK_TOKEN}}' } },
    schedule: { kind: 'manual' },
    policy: { maxAttempts: 2, backoffSeconds: 0, ...policy },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const runNow = async (taskId: string, params: Record<string, unknown>) => (await api('POST', `/tasks/${taskId}/run`, { params })).body.runId as number;

beforeAll(async () => {
  adminKey = (await createApiKey(database.db, { name: 'admin', role: 'admin' })).key;
  const created = await api('POST', '/api-keys', { name: 'python', role: 'worker', queues: ['bank-sync'] });
  expect(created.status).toBe(201);
  workerKey = created.body.key;
  expect((await api('POST', '/secrets', { name: 'BANK_TOKEN', value: 'tok-s3cret-value' })).status).toBe(201);
  // The reaper role of an in-process worker, alone: it records runs of silent holders.
  reaper = new Reaper({ pool: database.pool, log: silentLog, workerId: 'reaper', leaseSeconds: LEASE, lastDbFailureAt: () => null });
  reaper.start();
});

afterAll(async () => {
  await reaper?.stop();
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
});

describe('the Python client', () => {
  let a: ReturnType<typeof startWorker>;
  beforeAll(async () => {
    a = startWorker('py-a');
    await saw(a, 'ready');
  });

  it('runs a task: params and resolved secrets arrive, its log (masked), progress and result are stored, and it shows as a remote worker', async () => {
    const task = await remoteTask('bank sync');
    const runId = await runNow(task, { mode: 'ok', account: 'acc-1' });
    await settled(task, 1);
    const [run] = await runsOf(task);
    expect(run).toMatchObject({ id: String(runId), status: 'succeeded', worker_id: 'remote:py-a', result: { synced: 3, account: 'acc-1', testMode: false }, progress: { done: 3, total: 3 } });
    const logs = await api('GET', `/runs/${runId}/logs`);
    expect(logs.body.lines.map((l: { message: string }) => l.message)).toEqual(['syncing acc-1 with token ***']);
    const seen = await api('GET', '/workers');
    expect(seen.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'remote:py-a', queues: ['bank-sync'], live: true })]));
  });

  it('reports a failure, which is retried per the policy', async () => {
    const task = await remoteTask('failing sync');
    await runNow(task, { mode: 'fail' });
    await settled(task, 2);
    const runs = await runsOf(task);
    expect(runs.map((r) => [r.attempt, r.status, r.error_message])).toEqual([
      [1, 'failed', 'RuntimeError: bank said 500'],
      [2, 'failed', 'RuntimeError: bank said 500'],
    ]);
  });

  it('a NonRetryable error fails the run without a retry', async () => {
    const task = await remoteTask('refused sync');
    await runNow(task, { mode: 'bad-credentials' });
    await settled(task, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await runsOf(task)).map((r) => [r.status, r.error_message])).toEqual([['failed', 'bank refused the credentials']]);
  });

  it('stops at the timeout: the heartbeat does not extend the lease past it, and the run ends timed_out', async () => {
    const task = await remoteTask('slow sync', { maxAttempts: 1, timeoutSeconds: 2 });
    const runId = await runNow(task, { mode: 'wait-cancel' });
    await saw(a, `cancelled ${runId}`);
    await settled(task, 1);
    expect((await runsOf(task))[0]).toMatchObject({ status: 'timed_out', error_message: expect.stringMatching(/^timed out after 2s/) });
  });

  it('learns of a cancel at its next heartbeat and finishes the run cancelled', async () => {
    const task = await remoteTask('cancelled sync');
    const runId = await runNow(task, { mode: 'wait-cancel' });
    await saw(a, `claimed ${runId} 1`);
    expect((await api('POST', `/runs/${runId}/cancel`)).status).toBe(202);
    await saw(a, `cancelled ${runId}`);
    await settled(task, 1);
    expect((await runsOf(task))[0]).toMatchObject({ status: 'cancelled' });
  });

  it('a worker killed with -9 mid-run loses the run, and a second worker finishes its retry', async () => {
    const task = await remoteTask('killed sync');
    const runId = await runNow(task, { mode: 'hang-first' });
    await saw(a, `claimed ${runId} 1`);
    a.child.kill('SIGKILL');
    const b = startWorker('py-b');
    await settled(task, 2);
    const runs = await runsOf(task);
    expect(runs.map((r) => [r.attempt, r.status, r.worker_id])).toEqual([
      [1, 'lost', 'remote:py-a'],
      [2, 'succeeded', 'remote:py-b'],
    ]);
    expect(runs[1].result).toEqual({ 'finished by': 'py-b', attempt: 2 });

    // Busy, SIGTERM lets it finish the run in hand first; then it exits.
    const busy = await runNow(task, { mode: 'sleep', seconds: 1 });
    await saw(b, `claimed ${busy} 1`);
    b.child.kill('SIGTERM');
    await saw(b, 'exited');
    expect((await runsOf(task)).at(-1)).toMatchObject({ status: 'succeeded', result: { slept: 1 } });
  });

  it('leaves at once on SIGTERM while it waits in its long poll, and the server lets go of the poll', async () => {
    const c = startWorker('py-c');
    await saw(c, 'ready');
    await new Promise((r) => setTimeout(r, 300));
    const at = Date.now();
    c.child.kill('SIGTERM');
    await saw(c, 'exited');
    expect(Date.now() - at).toBeLessThan(3000);

    // The server let go of its long poll too: the next run is not claimed for the gone worker.
    const task = await remoteTask('after the stop');
    await runNow(task, { mode: 'ok', account: 'acc-2' });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await runsOf(task))[0]).toMatchObject({ status: 'queued' });
    const d = startWorker('py-d');
    await saw(d, 'ready');
    await settled(task, 1);
    expect((await runsOf(task)).map((r) => [r.attempt, r.status, r.worker_id])).toEqual([[1, 'succeeded', 'remote:py-d']]);
  });
});
