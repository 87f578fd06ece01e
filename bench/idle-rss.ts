import fs from 'node:fs';
import pg from 'pg';
import type { BenchServer } from './database';
import { startWorkers } from './fleet';
import { Block, envInt, mb, sleep } from './report';

/** Idle worker memory: one worker process, no tasks, VmRSS after it settles, children summed. */
export async function idleRss(server: BenchServer): Promise<void> {
  const seconds = envInt('BENCH_IDLE_SECONDS', 10);
  const database = await server.database('idle-rss');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  let measured: { pid: number; name: string; rss: number; hwm: number }[];
  try {
    const fleet = await startWorkers(pool, database.url, ['idle-1']);
    await sleep(seconds * 1000);
    measured = [fleet.pids[0]!, ...descendants(fleet.pids[0]!)].map((pid) => ({ pid, name: comm(pid), ...memory(pid) }));
    await fleet.stop();
  } finally {
    await pool.end();
    await database.drop();
  }
  const [main, ...children] = measured;
  const total = measured.reduce((sum, p) => sum + p.rss, 0);
  const block = new Block(`idle worker RSS: one worker process (node --import tsx worker/index.ts), no tasks, after ${seconds} s`, '< 150 MB')
    .row('total', `${mb(total)} (worker and ${children.length} child process${children.length === 1 ? '' : 'es'})`)
    .row('worker', `${mb(main!.rss)} VmRSS, peak ${mb(main!.hwm)} (VmHWM)`);
  for (const c of children) block.row(`child ${c.name}`, `${mb(c.rss)} VmRSS`);
  block.print();
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

const comm = (pid: number) => fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

/** Every live process below `root`, from the parent pid in /proc/<pid>/stat. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}
