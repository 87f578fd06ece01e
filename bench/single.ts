import { cpuText } from './cpu';
import type { BenchServer } from './database';
import { everySecond } from './every-second';
import { Block, envInt, int, msText } from './report';

/** A single every-second schedule on one worker: how long from its slot to its handler. */
export async function single(server: BenchServer): Promise<void> {
  const r = await everySecond(server, 'single', { tasks: 1, workers: 1, seconds: envInt('BENCH_SINGLE_SECONDS', 30) });
  new Block(`single every-second schedule, one worker, ${r.seconds} s: fire -> handler start`, 'p99 < 25 ms')
    .row('start lag', `p50 ${msText(r.lag.p50)}, p99 ${msText(r.lag.p99)}, max ${msText(r.lag.max)} (started_at - scheduled_for)`)
    .row('slots', `${int(r.started)} started of ${int(r.expected)} expected; ${int(r.missing)} missing, ${int(r.skipped)} skipped, ${int(r.missed)} missed`)
    .row('CPU', cpuText(r.cpu))
    .row('worker log', r.log)
    .print();
}
