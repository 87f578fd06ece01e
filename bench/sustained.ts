import { cpuText } from './cpu';
import type { BenchServer } from './database';
import { everySecond } from './every-second';
import { Block, envInt, int, msText } from './report';

/** Sustained: 1,000 every-second tasks on 2 worker processes for 60 s (BENCH_SECONDS). */
export async function sustained(server: BenchServer): Promise<void> {
  const tasks = envInt('BENCH_SUSTAINED_TASKS', 1000);
  const concurrency = envInt('BENCH_SUSTAINED_CONCURRENCY', 50);
  const r = await everySecond(server, 'sustained', {
    tasks,
    workers: 2,
    seconds: envInt('BENCH_SECONDS', 60),
    env: { SUNDIAL_WORKER_CONCURRENCY: String(concurrency) },
  });
  new Block(
    `sustained: ${int(tasks)} every-second tasks, 2 workers (concurrency ${concurrency} each), ${r.seconds} s`,
    '>= 1,000 runs/s, start-lag p99 < 1 s, 0 skipped',
  )
    .row('executed', `${int(r.executed / r.seconds)} runs/s (${int(r.executed)} runs started in the window)`)
    .row('start lag', `p50 ${msText(r.lag.p50)}, p99 ${msText(r.lag.p99)}, max ${msText(r.lag.max)} (started_at - scheduled_for)`)
    .row('skipped', `${int(r.skipped)} of ${int(r.slots)} slot rows; ${int(r.missed)} missed`)
    .row('slots missing', `${int(r.missing)} of ${int(r.expected)} expected (every task, every second of the window)`)
    .row('never started', `${int(r.slots - r.started - r.skipped - r.missed)} slot rows still queued 15 s after firing stopped`)
    .row('started per 10 s', r.perTen.map(int).join(', '))
    .row('CPU', cpuText(r.cpu))
    .row('CPU per run', cpuText(r.cpu, { count: Math.max(1, r.executed), unit: 'started run' }))
    .row('worker log', r.log)
    .print();
}
