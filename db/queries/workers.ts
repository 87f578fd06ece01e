import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { workers, type NewWorker } from '../schema';

/**
 * A worker counts as alive while its last heartbeat is younger than this. Three missed
 * beats plus slack, so one slow tick on a busy event loop does not flap the dashboard.
 */
export const LIVE_WINDOW_SECONDS = 20;

/** Insert or revive this worker's row. A restart with the same id reuses it. */
export async function registerWorker(db: Db, worker: NewWorker): Promise<void> {
  const now = sql`now()`;
  await db
    .insert(workers)
    .values({ ...worker, status: 'running', startedAt: now, lastHeartbeatAt: now, stoppedAt: null })
    .onConflictDoUpdate({
      target: workers.id,
      set: {
        hostname: worker.hostname,
        pid: worker.pid,
        version: worker.version,
        schedulerEnabled: worker.schedulerEnabled,
        concurrency: worker.concurrency,
        status: 'running',
        startedAt: now,
        lastHeartbeatAt: now,
        stoppedAt: null,
        runningCount: 0,
      },
    });
}

/**
 * A remote worker (id `remote:<name>`) runs no code of ours: each of its claims refreshes its
 * row, so it shows on the Workers page while it polls. Concurrency is its own business.
 */
export async function touchRemoteWorker(db: Db, worker: { id: string; hostname: string; queues: string[] }): Promise<void> {
  const now = sql`now()`;
  await db
    .insert(workers)
    .values({ ...worker, pid: 0, version: 'remote', schedulerEnabled: false, status: 'running', startedAt: now, lastHeartbeatAt: now })
    .onConflictDoUpdate({
      target: workers.id,
      set: {
        hostname: worker.hostname,
        queues: worker.queues,
        status: 'running',
        startedAt: sql`case when ${workers.status} = 'stopped' or ${workers.lastHeartbeatAt} < now() - make_interval(secs => ${LIVE_WINDOW_SECONDS}) then now() else ${workers.startedAt} end`,
        lastHeartbeatAt: now,
        stoppedAt: null,
      },
    });
}

/** Returns false when the row is gone or stopped, so the caller can re-register. */
export async function heartbeat(db: Db, id: string, runningCount = 0): Promise<boolean> {
  const rows = await db
    .update(workers)
    .set({ lastHeartbeatAt: sql`now()`, runningCount })
    .where(and(eq(workers.id, id), sql`${workers.status} <> 'stopped'`))
    .returning({ id: workers.id });
  return rows.length > 0;
}

export async function markWorkerStopped(db: Db, id: string): Promise<void> {
  await db
    .update(workers)
    .set({ status: 'stopped', stoppedAt: sql`now()`, runningCount: 0 })
    .where(eq(workers.id, id));
}

export type LiveWorker = {
  id: string;
  hostname: string;
  pid: number;
  version: string;
  status: string;
  startedAt: Date;
  lastHeartbeatAt: Date;
  /** Measured on the database clock, so web and worker clocks may disagree freely. */
  secondsSinceHeartbeat: number;
};

const columns = {
  id: workers.id,
  hostname: workers.hostname,
  pid: workers.pid,
  version: workers.version,
  status: workers.status,
  startedAt: workers.startedAt,
  lastHeartbeatAt: workers.lastHeartbeatAt,
  secondsSinceHeartbeat: sql<number>`round(extract(epoch from now() - ${workers.lastHeartbeatAt}))::int`,
};
const isLive = and(sql`${workers.status} <> 'stopped'`, gt(workers.lastHeartbeatAt, sql`now() - make_interval(secs => ${LIVE_WINDOW_SECONDS})`));

/** In-process workers only: a remote worker runs only its queues, so it does not make the engine live. */
export async function listLiveWorkers(db: Db): Promise<LiveWorker[]> {
  return db.select(columns).from(workers).where(and(isLive, isNull(workers.queues))).orderBy(desc(workers.lastHeartbeatAt));
}

/** Workers seen in the last day, each marked live or not (on the database clock). */
export async function listRecentWorkers(db: Db) {
  return db
    .select({
      ...columns,
      concurrency: workers.concurrency,
      runningCount: workers.runningCount,
      schedulerEnabled: workers.schedulerEnabled,
      queues: workers.queues,
      stoppedAt: workers.stoppedAt,
      live: sql<boolean>`coalesce(${isLive}, false)`,
    })
    .from(workers)
    .where(gt(workers.lastHeartbeatAt, sql`now() - interval '1 day'`))
    .orderBy(asc(workers.id));
}
