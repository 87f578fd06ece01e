import fs from 'node:fs';
import os from 'node:os';
import type pg from 'pg';

// Where the time goes: CPU of the Node processes and of this figure's Postgres backends,
// and how busy the whole (shared) machine was meanwhile. Read from /proc, so it needs the
// database on this machine (the embedded one, or a local DATABASE_URL); else it is blank.

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of one process in ms; 0 once it has exited. */
function processMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function machine(): { busy: number; total: number } {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - ticks[3]! - ticks[4]!, total };
}

export type CpuUse = { wallMs: number; nodeMs: number; postgresMs: number | null; machineCores: number };

/**
 * Start measuring; the returned function gives the use since. `nodePids` are worker
 * processes (this process is always counted). Postgres is the backends of the pool's
 * database alive at either end: one that exits in between loses its time, so the pools
 * here are sized to stay open.
 */
export async function measureCpu(pool: pg.Pool | pg.ClientBase, nodePids: number[] = []): Promise<() => Promise<CpuUse>> {
  const backends = async () => (await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid);
  const local = fs.existsSync('/proc/stat');
  const startPg = new Map((local ? await backends() : []).map((pid) => [pid, processMs(pid)]));
  const startNode = nodePids.map(processMs);
  const startSelf = process.cpuUsage();
  const startMachine = local ? machine() : { busy: 0, total: 0 };
  const started = performance.now();
  return async () => {
    const self = process.cpuUsage(startSelf);
    const pids = local ? await backends() : [];
    // A pid we never saw before started after us: all of its time counts.
    const postgresMs = pids.reduce((sum, pid) => sum + processMs(pid) - (startPg.get(pid) ?? 0), 0);
    const end = local ? machine() : startMachine;
    const cores = os.availableParallelism();
    return {
      wallMs: performance.now() - started,
      nodeMs: (self.user + self.system) / 1000 + nodePids.reduce((sum, pid, i) => sum + processMs(pid) - startNode[i]!, 0),
      postgresMs: local && pids.some((pid) => processMs(pid) > 0) ? postgresMs : null,
      machineCores: end.total > startMachine.total ? ((end.busy - startMachine.busy) / (end.total - startMachine.total)) * cores : 0,
    };
  };
}

/** Per run ("CPU per run: Postgres 1.20 ms, Node 0.80 ms") or, without `per`, in total. */
export function cpuText(use: CpuUse, per?: { count: number; unit: string }): string {
  const each = (ms: number) => (per ? `${(ms / per.count).toFixed(2)} ms` : `${(ms / 1000).toFixed(1)} s`);
  const pg = use.postgresMs === null ? 'Postgres n/a (not local)' : `Postgres ${each(use.postgresMs)}`;
  const head = per ? `CPU per ${per.unit}` : `CPU in ${(use.wallMs / 1000).toFixed(1)} s`;
  return `${head}: ${pg}, Node ${each(use.nodeMs)}; machine ${use.machineCores.toFixed(1)} of ${os.availableParallelism()} cores busy (all processes)`;
}
