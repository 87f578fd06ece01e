import { afterEach, describe, expect, it } from 'vitest';
import { triggerRun } from '../../../lib/tasks/service';
import { FIXTURE_HANDLERS } from '../../fixtures/handlers';
import { countingServer } from '../../helpers/counter';
import { withTestDatabase } from '../../helpers/db';
import { cleanEnv, runEntry, waitUntil, type Proc } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';

// Issue 9's fault suite, part 2: a worker whose handler blocks its thread, a worker paused
// with SIGSTOP past its lease, and workers stopped with SIGTERM while they claim.

const database = withTestDatabase();
const procs: Proc[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      process.kill(p.pid, 'SIGCONT');
      p.child.kill('SIGKILL');
    }
    await p.exit;
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startWorker(id: string, env: Record<string, string> = {}): Promise<Proc> {
  const proc = runEntry(
    'worker/index.ts',
    cleanEnv({ DATABASE_URL: database.url, SUNDIAL_WORKER_ID: id, SUNDIAL_LEASE_SECONDS: '5', SUNDIAL_HANDLER_MODULES: FIXTURE_HANDLERS, LOG_LEVEL: 'info', ...env }),
  );
  procs.push(proc);
  await proc.waitFor('worker started', 60_000);
  return proc;
}

const manual = { kind: 'manual' as const };

describe('a handler that blocks its thread for 20 s (lease 5 s)', () => {
  it('does not starve its worker: heartbeat, lease renewal and firing stay on time, and the run succeeds once', async () => {
    await startWorker('busy-a', { SCHEDULER_ENABLED: 'true' });
    const busy = await makeTask(database, { name: 'busy', handler: 'busy', config: { ms: 20_000 }, schedule: manual, policy: { maxAttempts: 3, backoffSeconds: 0 } });
    const ticker = await makeTask(database, { name: 'ticker', handler: 'noop' });
    await startWorker('busy-b');
    await triggerRun(database.db, busy.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, busy.id))[0]?.status === 'running', 5000, 'the busy run to start');
    const owner = (await runsOf(database, busy.id))[0]!.worker_id!;
    const startedAt = Date.now();

    const samples: { heartbeatAge: number; leaseLeft: number }[] = [];
    while (Date.now() - startedAt < 15_000) {
      await sleep(2500);
      const { rows } = await database.pool.query<{ age: number; left: number }>(
        `select extract(epoch from now() - w.last_heartbeat_at)::float8 as age, extract(epoch from r.lease_expires_at - now())::float8 as left
         from workers w, runs r where w.id = $1 and r.task_id = $2 and r.attempt = 1`,
        [owner, busy.id],
      );
      samples.push({ heartbeatAge: rows[0]!.age, leaseLeft: rows[0]!.left });
    }
    // Heartbeats every 5 s and renewals every 5/3 s went on while the handler spun.
    expect(Math.max(...samples.map((s) => s.heartbeatAge))).toBeLessThan(7);
    expect(Math.min(...samples.map((s) => s.leaseLeft))).toBeGreaterThan(0);

    await waitUntil(async () => (await runsOf(database, busy.id))[0]?.status === 'succeeded', 15_000, 'the busy run to succeed');
    const runs = await runsOf(database, busy.id);
    expect(runs.map((r) => [r.attempt, r.status, r.worker_id])).toEqual([[1, 'succeeded', owner]]);
    // The every-second task kept firing and starting on time on both workers meanwhile.
    const { rows: lag } = await database.pool.query<{ n: number; p99: number; missing: number }>(
      `select count(*)::int as n, percentile_cont(0.99) within group (order by lag_ms) as p99,
         (select count(*)::int from generate_series(date_trunc('second', $2::timestamptz) + interval '1 second', date_trunc('second', $2::timestamptz) + interval '15 seconds', interval '1 second') g(s)
          where not exists (select 1 from runs x where x.task_id = $1 and x.scheduled_for = g.s)) as missing
       from runs where task_id = $1 and scheduled_for between $2 and $2::timestamptz + interval '15 seconds' and started_at is not null`,
      [ticker.id, new Date(startedAt)],
    );
    expect(lag[0]!.missing).toBe(0);
    expect(lag[0]!.p99).toBeLessThan(1500);
  });
});

describe('a worker paused with SIGSTOP for 15 s (lease 5 s) before its side effect', () => {
  it('another worker runs the retry, and the paused one never sends its request when it wakes', async () => {
    const server = await countingServer();
    const a = await startWorker('stop-a');
    const task = await makeTask(database, { name: 'call later', handler: 'call', config: { url: server.url, waitMs: 3000 }, schedule: manual, policy: { maxAttempts: 2, backoffSeconds: 0 } });
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'running', 5000, 'the run to start on stop-a');
    process.kill(a.pid, 'SIGSTOP');
    const stoppedAt = Date.now();
    await startWorker('stop-b');
    await waitUntil(async () => (await runsOf(database, task.id))[1]?.status === 'succeeded', 20_000, 'the retry to succeed on stop-b');
    await sleep(Math.max(0, stoppedAt + 15_000 - Date.now()));
    process.kill(a.pid, 'SIGCONT');
    await sleep(5000);

    const runs = await runsOf(database, task.id);
    expect(runs.map((r) => [r.attempt, r.status, r.worker_id])).toEqual([
      [1, 'lost', 'stop-a'],
      [2, 'succeeded', 'stop-b'],
    ]);
    expect(server.hits.map((h) => h.run)).toEqual([runs[1]!.id]);
    // The paused worker is alive and well after it woke.
    expect(a.child.exitCode).toBeNull();
    await server.close();
  });
});

describe('SIGTERM while claims are in flight', () => {
  it('six workers stopped in turn while they claim: no run starts after its worker began stopping, none runs twice', async () => {
    const server = await countingServer();
    const task = await makeTask(database, { name: 'stream', handler: 'call', config: { url: server.url, waitMs: 0 }, schedule: manual, policy: { concurrency: 'allow', maxConcurrent: 100 } });
    const { rows } = await database.pool.query<{ id: string }>(
      `insert into runs (task_id, trigger, status, scheduled_for) select $1, 'api', 'queued', now() from generate_series(1, 300) returning id`,
      [task.id],
    );
    for (let i = 0; i < 6; i++) {
      const w = await startWorker(`term-${i}`, { SUNDIAL_WORKER_CONCURRENCY: '4', SUNDIAL_DRAIN_TIMEOUT: '20' });
      await sleep(100 + ((i * 173) % 400));
      process.kill(w.pid, 'SIGTERM');
      expect((await w.exit).code).toBe(0);
    }
    await startWorker('term-last', { SUNDIAL_WORKER_CONCURRENCY: '8' });
    await waitUntil(
      async () => (await database.pool.query(`select 1 from runs where task_id = $1 and status in ('queued', 'running')`, [task.id])).rowCount === 0,
      60_000,
      'every run to end',
    );
    const twice = [...server.perRun()].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    const { rows: ended } = await database.pool.query<{ status: string; n: number }>(`select status, count(*)::int as n from runs where task_id = $1 group by status`, [task.id]);
    expect(ended).toEqual([{ status: 'succeeded', n: rows.length }]);
    expect(server.hits).toHaveLength(rows.length);
    await server.close();
  });
});
