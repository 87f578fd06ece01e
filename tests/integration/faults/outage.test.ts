import { describe, expect, it } from 'vitest';
import { withOwnPostgres } from '../../helpers/own-postgres';
import { cleanEnv, runEntry } from '../../helpers/processes';
import { makeTask } from '../../helpers/tasks';

// Issue 9's fault suite, part 3: the database goes away for 20 s (four leases) while runs
// are in flight, then comes back.

// Filled in by beforeAll: read .own and .database inside tests, not at load.
const setup = withOwnPostgres();
const procs = setup.procs;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a 20 s database outage', () => {
  it('firing is on time within 5 s of its return, runs in flight end once, none is lost, no deadlock', async () => {
    const every = { kind: 'cron' as const, expression: '* * * * * *', timezone: 'UTC' };
    for (let i = 0; i < 20; i++) await makeTask(setup.database, { name: `tick ${i}`, handler: 'noop', schedule: every });
    for (let i = 0; i < 5; i++) await makeTask(setup.database, { name: `slow ${i}`, handler: 'sleep', config: { seconds: 4 }, schedule: every });
    for (const id of ['out-1', 'out-2']) {
      const p = runEntry('worker/index.ts', cleanEnv({ DATABASE_URL: setup.own.url, SUNDIAL_WORKER_ID: id, SUNDIAL_LEASE_SECONDS: '5', SUNDIAL_WORKER_CONCURRENCY: '10', LOG_LEVEL: 'info' }));
      procs.push(p);
      await p.waitFor('worker started', 60_000);
    }
    await sleep(8000);
    setup.own.stop();
    await sleep(20_000);
    setup.own.start();
    const back = Date.now();
    await sleep(15_000);
    await setup.database.pool.query('update tasks set enabled = false, next_run_at = null');
    await sleep(5000);
    for (const p of procs) process.kill(p.pid, 'SIGTERM');
    expect((await Promise.all(procs.map((p) => p.exit))).map((e) => e.code)).toEqual([0, 0]);

    expect(setup.own.deadlocks()).toBe(0);
    const { rows } = await setup.database.pool.query<Record<string, number>>(
      `select
         count(*) filter (where status = 'lost')::int as lost,
         count(*) filter (where status = 'running')::int as running,
         count(*) filter (where r.scheduled_for >= $1::timestamptz + interval '5 seconds' and t.name like 'tick %')::int as after,
         count(*) filter (where r.scheduled_for >= $1::timestamptz + interval '5 seconds' and t.name like 'tick %' and r.lag_ms > 1000)::int as late_after
       from runs r join tasks t on t.id = r.task_id`,
      [new Date(back)],
    );
    // Every second from 5 s after the return, for 10 s, for 20 tasks: started within a second.
    expect(rows[0]).toMatchObject({ lost: 0, running: 0, late_after: 0 });
    expect(rows[0]!.after).toBeGreaterThanOrEqual(20 * 9);
    // Slots that fell due during the outage were still fired once it ended (coalesced).
    const { rows: gaps } = await setup.database.pool.query<{ missing: number }>(`
      with bounds as (select task_id, min(scheduled_for) lo, max(scheduled_for) hi from runs where trigger = 'schedule' group by task_id)
      select count(*)::int as missing from bounds b, generate_series(b.lo, b.hi, interval '1 second') g(s)
      where not exists (select 1 from runs r where r.task_id = b.task_id and r.scheduled_for = g.s)`);
    expect(gaps[0]!.missing).toBe(0);
  });
});
