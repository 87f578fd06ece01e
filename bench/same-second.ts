import pg from 'pg';
import { cpuText, measureCpu, type CpuUse } from './cpu';
import type { BenchServer } from './database';
import { startWorkers } from './fleet';
import { Block, envInt, int, secs, sleep } from './report';
import { createTasks, disableAll, enableAt, instantAhead } from './tasks';

type Sample = { ms: number; slots: number; started: number };

/**
 * 10,000 tasks due on the same second: each has a `once` schedule at the same whole second
 * T (exact by construction: next_run_at is T itself), two worker processes are already up.
 * The database is polled every 50 ms for slot rows and started runs, on its own clock.
 */
export async function sameSecond(server: BenchServer): Promise<void> {
  const tasks = envInt('BENCH_SAME_SECOND_TASKS', 10_000);
  const concurrency = envInt('BENCH_SUSTAINED_CONCURRENCY', 50);
  const deadlineMs = envInt('BENCH_SAME_SECOND_DEADLINE', 120) * 1000;
  const database = await server.database('same-second');
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const samples: Sample[] = [];
  let log = '';
  let leadMs = 0;
  let use: CpuUse | undefined;
  let exact: { created: number | null; started: number | null } = { created: null, started: null };
  try {
    const fleet = await startWorkers(pool, database.url, ['same-second-1', 'same-second-2'], { SUNDIAL_WORKER_CONCURRENCY: String(concurrency) });
    const due = await instantAhead(pool, 6);
    await createTasks(pool, { name: 'same second', handler: 'noop', schedule: { kind: 'once', at: due.toISOString() } }, tasks);
    await enableAt(pool, due);
    leadMs = due.getTime() - Date.now();
    await sleep(leadMs);
    const cpu = await measureCpu(pool, fleet.pids);
    for (;;) {
      const { rows } = await pool.query<Sample>(
        `select extract(epoch from clock_timestamp() - $1) * 1000 as ms, count(*)::int as slots, count(started_at)::int as started
         from runs where trigger in ('schedule', 'catch_up')`,
        [due],
      );
      const s = { ...rows[0]!, ms: Number(rows[0]!.ms) };
      if (s.ms >= 0) samples.push(s);
      if (s.started >= tasks || s.ms > deadlineMs) break;
      await sleep(50);
    }
    use = await cpu();
    await disableAll(pool);
    await fleet.stop();
    log = fleet.logSummary();
    const { rows } = await pool.query<{ created: number | null; started: number | null }>(
      `select extract(epoch from max(created_at) - $1) * 1000 as created, extract(epoch from max(started_at) - $1) * 1000 as started
       from runs where trigger in ('schedule', 'catch_up')`,
      [due],
    );
    exact = rows[0]!;
  } finally {
    await pool.end();
    await database.drop();
  }
  const first = (ok: (s: Sample) => boolean) => samples.find(ok);
  const at = (ms: number) => samples.findLast((s) => s.ms <= ms) ?? { slots: 0, started: 0 };
  const allSlots = first((s) => s.slots >= tasks);
  const allStarted = first((s) => s.started >= tasks);
  const last = samples.at(-1) ?? { ms: 0, slots: 0, started: 0 };
  const notYet = (what: string) => `not reached: ${int(what === 'slots' ? last.slots : last.started)} of ${int(tasks)} after ${secs(last.ms)}`;
  new Block(
    `${int(tasks)} tasks due on the same second (once schedules), 2 workers (concurrency ${concurrency} each)`,
    'all slot rows within 1 s; all started within 10 s on 2 workers',
  )
    .row('all slot rows', allSlots ? `${secs(allSlots.ms)} after the due instant (polled every 50 ms)` : notYet('slots'))
    .row('all started', allStarted ? `${secs(allStarted.ms)} after the due instant (polled); last started_at ${secs(Number(exact.started))}` : notYet('started'))
    .row('at +1 s', `${int(at(1000).slots)} slot rows, ${int(at(1000).started)} started`)
    .row('at +10 s', `${int(at(10_000).slots)} slot rows, ${int(at(10_000).started)} started`)
    .row('note', `tasks were ready ${secs(leadMs)} before the due instant; the last slot row's transaction began ${secs(Number(exact.created))} after it`)
    .row('CPU', use ? cpuText(use) : 'n/a')
    .row('worker log', log)
    .print();
}
