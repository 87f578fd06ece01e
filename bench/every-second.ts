import pg from 'pg';
import { measureCpu, type CpuUse } from './cpu';
import type { BenchServer } from './database';
import { startWorkers } from './fleet';
import { sleep } from './report';
import { createTasks, disableAll, enableAt, instantAhead } from './tasks';

export type EverySecondResult = {
  tasks: number;
  seconds: number;
  expected: number;
  slots: number;
  started: number;
  skipped: number;
  missed: number;
  missing: number;
  executed: number;
  perTen: number[];
  lag: { p50: number | null; p99: number | null; max: number | null };
  log: string;
  /** Over the window, the worker processes and this database's backends. */
  cpu: CpuUse;
};

/**
 * `tasks` every-second cron tasks (UTC, noop, default policies) on `workers` worker
 * processes for `seconds`. Every task's first slot is the same whole second S, set once the
 * workers are up, so the window [S, S + seconds) holds tasks × seconds expected slots.
 * Firing stops at the window's end; queued runs get up to 15 s to start before the workers
 * are stopped, then the slots of the window are counted against the every-second grid.
 */
export async function everySecond(
  server: BenchServer,
  figure: string,
  o: { tasks: number; workers: number; seconds: number; env?: Record<string, string> },
): Promise<EverySecondResult> {
  const database = await server.database(figure);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  try {
    const ids = Array.from({ length: o.workers }, (_, i) => `${figure}-${i + 1}`);
    const fleet = await startWorkers(pool, database.url, ids, o.env);
    await createTasks(pool, { name: figure, handler: 'noop', schedule: { kind: 'cron', expression: '* * * * * *', timezone: 'UTC' } }, o.tasks);
    const lo = await instantAhead(pool, 2);
    const hi = new Date(lo.getTime() + o.seconds * 1000);
    await enableAt(pool, lo);
    await sleep(lo.getTime() - Date.now());
    const cpu = await measureCpu(pool, fleet.pids);
    await sleep(hi.getTime() - Date.now());
    const use = await cpu();
    await disableAll(pool);
    const drainBy = Date.now() + 15_000;
    while (Date.now() < drainBy) {
      const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from runs where scheduled_for < $1 and status in ('queued', 'running')`, [hi]);
      if (rows[0]!.n === 0) break;
      await sleep(250);
    }
    await fleet.stop();
    return { tasks: o.tasks, seconds: o.seconds, expected: o.tasks * o.seconds, ...(await count(pool, lo, hi)), log: fleet.logSummary(), cpu: use };
  } finally {
    await pool.end();
    await database.drop();
  }
}

async function count(pool: pg.Pool, lo: Date, hi: Date) {
  const { rows } = await pool.query(
    `with slots as (
       select status, started_at, extract(epoch from started_at - scheduled_for) * 1000 as lag
       from runs where trigger in ('schedule', 'catch_up') and scheduled_for >= $1 and scheduled_for < $2)
     select count(*)::int as slots,
       count(started_at)::int as started,
       count(*) filter (where status = 'skipped')::int as skipped,
       count(*) filter (where status = 'missed')::int as missed,
       percentile_cont(0.5) within group (order by lag) as p50,
       percentile_cont(0.99) within group (order by lag) as p99,
       max(lag) as max
     from slots`,
    [lo, hi],
  );
  // As tests/integration/engine/workers.test.ts checks: every task, every second, one row.
  const missing = await pool.query<{ n: number }>(
    `select count(*)::int as n
     from tasks t cross join generate_series($1::timestamptz, $2::timestamptz - interval '1 second', interval '1 second') g(slot)
     where not exists (select 1 from runs r where r.task_id = t.id and r.scheduled_for = g.slot)`,
    [lo, hi],
  );
  const executed = await pool.query<{ bucket: number; n: number }>(
    `select floor(extract(epoch from started_at - $1) / 10)::int as bucket, count(*)::int as n
     from runs where started_at >= $1 and started_at < $2 group by 1 order by 1`,
    [lo, hi],
  );
  const perTen = Array.from({ length: Math.ceil((hi.getTime() - lo.getTime()) / 10_000) }, (_, i) => executed.rows.find((r) => r.bucket === i)?.n ?? 0);
  const r = rows[0] as { slots: number; started: number; skipped: number; missed: number; p50: number | null; p99: number | null; max: number | null };
  return {
    slots: r.slots,
    started: r.started,
    skipped: r.skipped,
    missed: r.missed,
    missing: missing.rows[0]!.n,
    executed: perTen.reduce((a, b) => a + b, 0),
    perTen,
    lag: { p50: r.p50, p99: r.p99, max: r.max === null ? null : Number(r.max) },
  };
}
