import os from 'node:os';
import { cpuText, type CpuUse } from './cpu';
import type { BenchServer } from './database';
import { claimFloor } from './lifecycle-floor';
import { graphileLifecycle, graphileVersion } from './lifecycle-graphile';
import { sundialLifecycle } from './lifecycle-sundial';
import { Block, envInt, int, median, secs } from './report';

/**
 * Lifecycle: 10k no-op runs at concurrency 10 on one worker, beside graphile-worker's
 * default and the raw-SQL claim floor, all three on the same Postgres in the same run.
 * BENCH_ROUNDS repeats the three (in turn, so drift on a shared machine hits each) and
 * prints every round and the median ratio.
 */
export async function lifecycle(server: BenchServer): Promise<void> {
  const jobs = envInt('BENCH_LIFECYCLE_RUNS', 10_000);
  const concurrency = 10;
  const rounds = envInt('BENCH_ROUNDS', 1);
  const database = await server.database('lifecycle');
  const sundial: number[] = [];
  const graphile: number[] = [];
  const floor: number[] = [];
  const notes: string[] = [];
  const cpu: Record<'sundial' | 'graphile' | 'floor', CpuUse | undefined> = { sundial: undefined, graphile: undefined, floor: undefined };
  try {
    for (let round = 1; round <= rounds; round++) {
      const s = await sundialLifecycle(database.url, jobs, concurrency, round);
      sundial.push(s.ms);
      cpu.sundial = s.cpu;
      notes.push(`round ${round}: queued through triggerRun in ${secs(s.queueMs)}; task_stats_daily counts ${int(s.statsSucceeded)} succeeded`);
      const g = await graphileLifecycle(database.url, jobs, concurrency);
      graphile.push(g.ms);
      cpu.graphile = g.cpu;
      const f = await claimFloor(database.url, jobs, concurrency);
      floor.push(f.ms);
      cpu.floor = f.cpu;
    }
  } finally {
    await database.drop();
  }
  const rate = (ms: number) => (jobs * 1000) / ms;
  const each = (xs: number[], unit: string) =>
    `${int(rate(median(xs)))} ${unit}/s` + (rounds > 1 ? ` (median of ${rounds}: ${xs.map((ms) => int(rate(ms))).join(', ')})` : ` (${secs(xs[0]!)})`);
  const ratios = sundial.map((ms, i) => graphile[i]! / ms);
  const block = new Block(
    `lifecycle: ${int(jobs)} no-op runs, concurrency ${concurrency}, one worker, history and stats kept`,
    `Sundial >= 2x graphile-worker default at the same concurrency; raw-SQL claim floor printed beside it`,
  )
    .row('Sundial', each(sundial, 'runs'))
    .row(`graphile-worker ${graphileVersion()}`, `${each(graphile, 'jobs')}, defaults but concurrency ${concurrency}, jobs added in bulk`)
    .row('raw-SQL claim floor', `${each(floor, 'jobs')}, ${concurrency} connections: claim one (SKIP LOCKED) then mark done`)
    .row('Sundial / graphile', `${median(ratios).toFixed(2)}x` + (rounds > 1 ? ` (median; rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})` : ''))
    .row('Sundial / floor', `${(median(floor) / median(sundial)).toFixed(2)}x`);
  const per = { count: jobs, unit: 'run' };
  block.row('Sundial CPU', cpuText(cpu.sundial!, per)).row('graphile CPU', cpuText(cpu.graphile!, per)).row('floor CPU', cpuText(cpu.floor!, per));
  // The target as a CPU budget: at 2x graphile's rate this machine's cores have this much CPU
  // for each run, for everything (Postgres, Node, the OS). Sundial's own use is beside it, so a
  // miss says whether CPU or latency is what runs out.
  const cores = os.availableParallelism();
  const budgetMs = (cores * 1000) / (2 * rate(median(graphile)));
  const perRun = (c: CpuUse | undefined) => (c && c.postgresMs !== null ? (c.nodeMs + c.postgresMs) / jobs : null);
  const used = perRun(cpu.sundial);
  block.row(
    'CPU budget at 2x',
    `${budgetMs.toFixed(2)} ms of CPU per run on ${cores} cores; Sundial used ${used === null ? '?' : used.toFixed(2)} ms, graphile ${perRun(cpu.graphile)?.toFixed(2) ?? '?'} ms, the floor ${perRun(cpu.floor)?.toFixed(2) ?? '?'} ms` +
      (used === null ? '' : `: all cores busy, Sundial would reach ${int((cores * 1000) / used)} runs/s`),
  );
  if (rounds > 1) block.row('note', `CPU is of the last round`);
  block.row('note', `the task allows ${concurrency * 4} runs at once, so the worker's local queue can claim up to ${concurrency * 2} ahead of its ${concurrency} threads (runs claimed ahead count as running against a task's limit)`);
  for (const n of notes) block.row('note', n);
  block.print();
}
