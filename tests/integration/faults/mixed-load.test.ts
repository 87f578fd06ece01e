import { describe, expect, it } from 'vitest';
import { FIXTURE_HANDLERS } from '../../fixtures/handlers';
import { countingServer } from '../../helpers/counter';
import { withOwnPostgres } from '../../helpers/own-postgres';
import { cleanEnv, runEntry, type Proc } from '../../helpers/processes';
import { everySecondSlotGrid } from '../../helpers/slots';
import { makeTask } from '../../helpers/tasks';

// Issue 9's fault suite, part 1: 60 s of mixed load on 3 real worker processes, with rolling
// restarts (SIGTERM, a new worker) and an immediate database restart in the middle. A local
// HTTP server counts every side effect. What a user would notice is asserted: no deadlock in
// the Postgres log, every slot exactly once, no side effect twice, nothing lost.

const LOAD_SECONDS = 60;
// Filled in by beforeAll: read .own and .database inside tests, not at load.
const setup = withOwnPostgres();
const procs = setup.procs;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startWorker(id: string): Promise<Proc> {
  const proc = runEntry(
    'worker/index.ts',
    cleanEnv({
      DATABASE_URL: setup.own.url,
      SUNDIAL_WORKER_ID: id,
      SUNDIAL_LEASE_SECONDS: '5',
      SUNDIAL_WORKER_CONCURRENCY: '8',
      SUNDIAL_DRAIN_TIMEOUT: '15',
      SUNDIAL_HANDLER_MODULES: FIXTURE_HANDLERS,
      LOG_LEVEL: 'info',
    }),
  );
  procs.push(proc);
  return proc;
}

/** SIGTERM, then the exit code; a worker that exited before (it must not) fails with its output. */
async function stopWorker(proc: Proc): Promise<number | null> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new Error(`worker exited on its own (${proc.child.exitCode ?? proc.child.signalCode}):\n${proc.output().slice(-4000)}`);
  process.kill(proc.pid, 'SIGTERM');
  const { code } = await proc.exit;
  if (code !== 0) throw new Error(`worker exited with ${code}:\n${proc.output().slice(-4000)}`);
  return code;
}

describe('60 s of mixed load with rolling restarts and a database restart', () => {
  it('no deadlock, every slot once, no side effect twice, nothing lost', async () => {
    // One run in eleven gets a 500 from the app: a failure, and a retry (a new attempt).
    const server = await countingServer((run) => run % 11 === 0);
    const every = { kind: 'cron' as const, expression: '* * * * * *', timezone: 'UTC' };
    for (let i = 0; i < 30; i++) {
      await makeTask(setup.database, { name: `call ${i}`, handler: 'call', schedule: every, config: { url: server.url, waitMs: (i * 37) % 600 }, policy: { maxAttempts: 2, backoffSeconds: 0 } });
    }
    for (let i = 0; i < 10; i++) await makeTask(setup.database, { name: `queue ${i}`, handler: 'sleep', schedule: every, config: { seconds: 1.5 }, policy: { concurrency: 'queue' } });
    for (let i = 0; i < 15; i++) await makeTask(setup.database, { name: `allow ${i}`, handler: 'noop', schedule: every, policy: { concurrency: 'allow', maxConcurrent: 3 } });
    for (let i = 0; i < 5; i++) await makeTask(setup.database, { name: `replace ${i}`, handler: 'sleep', schedule: every, config: { seconds: 3 }, policy: { concurrency: 'replace' } });

    const workers = [await startWorker('mix-1'), await startWorker('mix-2'), await startWorker('mix-3')];
    await Promise.all(workers.map((w) => w.waitFor('worker started', 60_000)));
    const started = Date.now();
    const at = (s: number) => sleep(Math.max(0, started + s * 1000 - Date.now()));

    await at(15);
    const exits = [stopWorker(workers[0]!)];
    workers.push(await startWorker('mix-4'));
    await at(30);
    setup.own.restartImmediate();
    await at(40);
    exits.push(stopWorker(workers[1]!));
    workers.push(await startWorker('mix-5'));
    await at(LOAD_SECONDS);

    await setup.database.pool.query('update tasks set enabled = false, next_run_at = null');
    await sleep(4000);
    exits.push(...workers.slice(2).map((w) => stopWorker(w)));
    expect(await Promise.all(exits)).toEqual([0, 0, 0, 0, 0]);
    await server.close();

    expect(setup.own.deadlocks()).toBe(0);

    const grid = await everySecondSlotGrid(setup.database.pool);
    const { rows } = await setup.database.pool.query(`
      select
        (select count(*)::int from runs where status = 'lost') as lost,
        (select count(*)::int from runs where status = 'missed') as missed,
        (select count(*)::int from runs where status = 'running') as running,
        (select count(*)::int from runs where status = 'succeeded') as succeeded`);
    expect(grid).toMatchObject({ tasks: 60, missing: 0, duplicated: 0 });
    expect(grid.shortest_span).toBeGreaterThanOrEqual(LOAD_SECONDS - 5);
    expect(rows[0]).toMatchObject({ lost: 0, missed: 0, running: 0 });
    expect(rows[0].succeeded).toBeGreaterThan(1000);

    // Each side effect once: no run requested twice, and no attempt chain succeeded twice.
    const twice = [...server.perRun()].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    const { rows: chains } = await setup.database.pool.query<{ id: string; root: string; status: string }>(
      `select id, coalesce(root_run_id, id) as root, status from runs where id = any($1::bigint[])`,
      [server.hits.map((h) => h.run)],
    );
    const okRuns = new Set(server.hits.filter((h) => h.status === 200).map((h) => h.run));
    const okPerChain = new Map<string, number>();
    for (const c of chains) if (okRuns.has(Number(c.id))) okPerChain.set(c.root, (okPerChain.get(c.root) ?? 0) + 1);
    const doubled = [...okPerChain].filter(([, n]) => n > 1).map(([root]) => root);
    const { rows: detail } = await setup.database.pool.query(
      `select id, attempt, status, worker_id, error_message, reason from runs where coalesce(root_run_id, id) = any($1::bigint[]) order by id`,
      [doubled],
    );
    expect(detail).toEqual([]);
    // What the app answered is what history says.
    const recorded = new Map(chains.map((c) => [Number(c.id), c.status]));
    const disagree = server.hits.filter((h) => recorded.get(h.run) !== (h.status === 200 ? 'succeeded' : 'failed'));
    expect(disagree).toEqual([]);
    expect(server.hits.length).toBeGreaterThan(1000);
  });
});
