import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyRoute } from '../../../lib/api/v1/api-keys';
import { cancelRunRoute, getRunRoute } from '../../../lib/api/v1/runs';
import { createSecretRoute } from '../../../lib/api/v1/secrets';
import { runToken } from '../../../lib/engine/run-token';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { claim, remoteTask, report, runNow, workerKey } from '../../helpers/remote';
import { runsOf } from '../../helpers/tasks';
import { endRuns } from '../../../db/queries/engine/end-runs';
import { lostCandidates } from '../../../db/queries/engine/recover';
import { listLiveWorkers } from '../../../db/queries/workers';
import { lostEnd } from '../../../lib/engine/lost';
import { closeRunsWake } from '../../../lib/remote/wake';

const database = withTestDatabase();
withApiEnvironment(database);

let admin: Caller;
let operator: Caller;
let key: string;
beforeAll(async () => {
  const callers = await makeCallers(database);
  admin = callers.find((c) => c.label === 'admin API key')!;
  operator = callers.find((c) => c.label === 'operator API key')!;
  key = await workerKey(admin, ['bank-sync', 'other']);
});
afterAll(closeRunsWake);

const claimed = async (queue = 'bank-sync', worker = 'host-1') => {
  const res = await claim(key, { worker, queues: [queue], waitSeconds: 0 });
  expect(res.status).toBe(200);
  return res.body as { run: { id: number; config: { settings: Record<string, string> }; params: Record<string, unknown> }; token: string; leaseSeconds: number; heartbeatSeconds: number };
};
const runRow = async (id: number) => (await database.pool.query('select * from runs where id = $1', [id])).rows[0];

describe('worker keys', () => {
  it('need queues, and only they have queues', async () => {
    const create = (body: object) => call(createApiKeyRoute, 'POST', '/api/v1/api-keys', { headers: admin.headers, body: { name: 'k', ...body } });
    expect(await create({ role: 'worker' })).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'queues', message: 'a worker key needs at least one queue' }] } } });
    expect(await create({ role: 'viewer', queues: ['a'] })).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'queues' }] } } });
    expect(await create({ role: 'worker', queues: ['Bad Name'] })).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'queues.0' }] } } });
    expect(await create({ role: 'worker', queues: ['bank-sync'] })).toMatchObject({ status: 201, body: { role: 'worker', queues: ['bank-sync'] } });
  });
});

describe('POST /remote/claim', () => {
  it('answers 204 when nothing comes, 403 for a queue the key lacks, 422 with field paths for a bad body', async () => {
    expect((await claim(key, { worker: 'w', waitSeconds: 0 })).status).toBe(204);
    expect(await claim(key, { worker: 'w', queues: ['payroll'], waitSeconds: 0 })).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('payroll') } } });
    const bad = await claim(key, { worker: 'has space', waitSeconds: 99, extra: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['', 'waitSeconds', 'worker']);
  });

  it('hands out a run with its params and secrets resolved, records the remote worker, and takes its reports', async () => {
    expect((await call(createSecretRoute, 'POST', '/x', { headers: admin.headers, body: { name: 'BANK_TOKEN', value: 'tok-very-secret-123' } })).status).toBe(201);
    const task = await remoteTask(database, 'bank sync', 'bank-sync', { settings: { token: '{{secrets.BANK_TOKEN}}' } });
    const runId = await runNow(operator, task.id, { account: 'acc-1' });
    const got = await claimed('bank-sync', 'host-42');
    expect(got.run).toMatchObject({ id: runId, params: { account: 'acc-1' }, config: { queue: 'bank-sync', settings: { token: 'tok-very-secret-123' } } });
    expect(got.token).toMatch(/^sdr_/);
    expect(got.heartbeatSeconds).toBeLessThan(got.leaseSeconds);
    expect(await runRow(runId)).toMatchObject({ status: 'running', worker_id: 'remote:host-42' });
    const { rows: workers } = await database.pool.query('select queues, status from workers where id = $1', ['remote:host-42']);
    expect(workers).toEqual([{ queues: ['bank-sync'], status: 'running' }]);

    expect(await report('heartbeat', runId, got.token)).toMatchObject({ status: 200, body: { cancelRequested: false } });
    expect((await report('logs', runId, got.token, { lines: [{ message: 'using tok-very-secret-123' }, { message: 'careful', level: 'warn' }] })).status).toBe(200);
    expect((await report('logs', runId, got.token, { lines: [{ message: 'third' }] })).status).toBe(200);
    expect((await report('progress', runId, got.token, { progress: { done: 1, total: 3 } })).status).toBe(200);
    expect(await report('finish', runId, got.token, { status: 'succeeded', result: { synced: 3, echo: 'tok-very-secret-123' } })).toMatchObject({ status: 200, body: { status: 'succeeded' } });

    const { rows: logs } = await database.pool.query('select seq, level, message from run_logs where run_id = $1 order by seq', [runId]);
    expect(logs).toEqual([
      { seq: 1, level: 'info', message: 'using ***' },
      { seq: 2, level: 'warn', message: 'careful' },
      { seq: 3, level: 'info', message: 'third' },
    ]);
    const detail = await call(getRunRoute, 'GET', '/x', { headers: operator.headers, params: { id: String(runId) } });
    expect(detail.body).toMatchObject({ status: 'succeeded', result: { synced: 3, echo: '***' } });
    // The token died with its attempt.
    expect(await report('heartbeat', runId, got.token)).toMatchObject({ status: 409, body: { status: 'succeeded' } });
  });

  it('wakes a waiting long poll when a run is queued, and lets go when the client leaves', async () => {
    const task = await remoteTask(database, 'long poll', 'other');
    const started = Date.now();
    const waiting = claim(key, { worker: 'poller', queues: ['other'], waitSeconds: 10 });
    await new Promise((r) => setTimeout(r, 300));
    const runId = await runNow(operator, task.id);
    expect(await waiting).toMatchObject({ status: 200, body: { run: { id: runId } } });
    expect(Date.now() - started).toBeLessThan(3000);

    const { remoteClaimRoute } = await import('../../../lib/api/v1/remote-claim');
    const leaving = new AbortController();
    const req = new Request('http://localhost:3000/api/v1/remote/claim', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ worker: 'leaver', queues: ['other'], waitSeconds: 30 }),
      signal: leaving.signal,
    });
    const at = Date.now();
    setTimeout(() => leaving.abort(), 200);
    expect((await remoteClaimRoute(req, { params: Promise.resolve({}) })).status).toBe(204);
    expect(Date.now() - at).toBeLessThan(2000);
  });
});

describe('run tokens', () => {
  it('are refused for another run (401), an API key is no token (401), and a stale epoch gets 409 with the status', async () => {
    const task = await remoteTask(database, 'tokens', 'bank-sync', { policy: { concurrency: 'allow', maxConcurrent: 5 } });
    const a = await runNow(operator, task.id);
    const b = await runNow(operator, task.id);
    const first = await claimed();
    const second = await claimed();
    expect([first.run.id, second.run.id].sort()).toEqual([a, b].sort());
    expect((await report('heartbeat', second.run.id, first.token)).status).toBe(401);
    expect((await report('heartbeat', first.run.id, key)).status).toBe(401);
    expect((await report('heartbeat', first.run.id, 'sdr_1_1_deadbeef_' + 'x'.repeat(43))).status).toBe(401);
    const epoch = (await runRow(first.run.id)).lease_epoch as number;
    expect(await report('heartbeat', first.run.id, runToken({ runId: first.run.id, epoch: epoch + 1 }))).toMatchObject({ status: 409, body: { status: 'running' } });
    expect(await report('logs', first.run.id, first.token, { lines: [] })).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'lines' }] } } });
    expect(await report('finish', first.run.id, first.token, { status: 'failed' })).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'error' }] } } });
  });
});

describe('reports', () => {
  it('many at once on one run keep every line, numbered in order, and never starve the pool', async () => {
    const task = await remoteTask(database, 'chatty', 'bank-sync');
    const runId = await runNow(operator, task.id);
    const got = await claimed();
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => report('logs', runId, got.token, { lines: [{ message: `line ${i}` }, { message: `more ${i}` }] })));
    expect(answers.map((a) => a.status)).toEqual(Array(25).fill(200));
    const { rows } = await database.pool.query<{ seq: number }>('select seq from run_logs where run_id = $1 order by seq', [runId]);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});

describe('finishing', () => {
  it('a failure is retried per the policy; retryable false is not; retryAfterSeconds defers without an attempt', async () => {
    const task = await remoteTask(database, 'flaky', 'bank-sync', { policy: { maxAttempts: 2, backoffSeconds: 0 } });
    const first = await runNow(operator, task.id);
    let got = await claimed();
    expect(await report('finish', first, got.token, { status: 'failed', error: 'bank said 500' })).toMatchObject({ status: 200, body: { status: 'failed', retried: true } });
    got = await claimed();
    expect(got.run.id).not.toBe(first);
    expect(await report('finish', got.run.id, got.token, { status: 'failed', error: 'slow down', retryAfterSeconds: 0 })).toMatchObject({ body: { status: 'queued' } });
    got = await claimed();
    expect(await report('finish', got.run.id, got.token, { status: 'failed', error: 'bad credentials', retryable: false })).toMatchObject({ body: { status: 'failed', retried: false } });
    const runs = await runsOf(database, task.id);
    expect(runs.map((r) => [r.attempt, r.status, r.error_message])).toEqual([
      [1, 'failed', 'bank said 500'],
      [2, 'failed', 'bad credentials'],
    ]);
  });

  it('a cancel reaches the holder at its next heartbeat, and only then may it finish cancelled', async () => {
    const task = await remoteTask(database, 'cancel me', 'bank-sync');
    const runId = await runNow(operator, task.id);
    const got = await claimed();
    expect(await report('finish', runId, got.token, { status: 'cancelled' })).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'status' }] } } });
    expect((await call(cancelRunRoute, 'POST', '/x', { headers: operator.headers, params: { id: String(runId) } })).status).toBe(202);
    expect(await report('heartbeat', runId, got.token)).toMatchObject({ status: 200, body: { cancelRequested: true } });
    expect(await report('finish', runId, got.token, { status: 'cancelled' })).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(await runRow(runId)).toMatchObject({ status: 'cancelled' });
  });

  it('a heartbeat never extends the lease past the task timeout', async () => {
    const task = await remoteTask(database, 'slow', 'bank-sync', { policy: { timeoutSeconds: 60 } });
    const runId = await runNow(operator, task.id);
    const got = await claimed();
    await database.pool.query(`update runs set started_at = now() - interval '59 seconds' where id = $1`, [runId]);
    const beat = await report('heartbeat', runId, got.token);
    expect(beat.body.leaseSeconds).toBeLessThanOrEqual(1.1);
    await database.pool.query(`update runs set started_at = now() - interval '2 minutes' where id = $1`, [runId]);
    expect((await report('heartbeat', runId, got.token)).body.leaseSeconds).toBe(0);
    // Reported before the reaper saw the lease run out: still the timeout, as in-process.
    expect(await report('finish', runId, got.token, { status: 'succeeded', result: { late: true } })).toMatchObject({ body: { status: 'timed_out', retried: false } });
    expect(await runRow(runId)).toMatchObject({ status: 'timed_out', error_message: 'timed out after 60s; then it succeeded', result: { late: true } });
  });
});

describe('a remote holder that goes silent', () => {
  // What the reaper does every two seconds (worker/reaper.ts).
  const reap = async () => endRuns(database.pool, (await lostCandidates(database.pool, { expired: true })).map((r) => lostEnd(r, true, 'stopped renewing its lease')));
  const expire = (id: number, startedAgo = '1 second') =>
    database.pool.query(`update runs set lease_expires_at = now() - interval '1 millisecond', started_at = now() - $2::interval where id = $1`, [id, startedAgo]);

  it('is cancelled when a cancel was asked, timed out (and retried) past the timeout, else lost and retried', async () => {
    const task = await remoteTask(database, 'silent', 'bank-sync', { policy: { concurrency: 'allow', maxConcurrent: 5, maxAttempts: 2, timeoutSeconds: 60 } });
    const [a, b, c] = [await runNow(operator, task.id), await runNow(operator, task.id), await runNow(operator, task.id)];
    for (let i = 0; i < 3; i++) await claimed();
    await call(cancelRunRoute, 'POST', '/x', { headers: operator.headers, params: { id: String(a) } });
    await expire(a);
    await expire(b, '61 seconds');
    await expire(c);
    await reap();
    const runs = await runsOf(database, task.id);
    expect(runs.map((r) => [r.id === a ? 'a' : r.id === b ? 'b' : r.id === c ? 'c' : `retry of ${r.root_run_id === b ? 'b' : 'c'}`, r.status])).toEqual([
      ['a', 'cancelled'],
      ['b', 'timed_out'],
      ['c', 'lost'],
      ['retry of b', 'queued'],
      ['retry of c', 'queued'],
    ]);
  });

  it('does not count as a live engine worker (health, "no live worker")', async () => {
    expect((await listLiveWorkers(database.db)).filter((w) => w.id.startsWith('remote:'))).toEqual([]);
  });
});
