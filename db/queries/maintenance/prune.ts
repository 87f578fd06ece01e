import type pg from 'pg';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export type PruneOptions = {
  /** Runs that ended before this go (with their whole retry chain). */
  runsBefore: Date;
  /** Log lines written before this go; never later than runsBefore. */
  logsBefore: Date;
  /** The instant the fixed cutoffs (sign-in attempts, workers) are measured from; the database clock in production. */
  now: Date;
  /** Rows per delete statement: each statement locks at most this many rows, briefly. */
  batchSize?: number;
  /** Statements per table per call, so one call never runs for long; the rest waits for the next call. */
  maxBatches?: number;
  /** Pause between batches, so the engine's own queries get the table in between. */
  pauseMs?: number;
  /** Stops between batches (worker shutdown); what is deleted stays deleted. */
  signal?: AbortSignal;
};

export type PruneCount = { deleted: number; batches: number; done: boolean };
export type PruneResult = { runLogs: PruneCount; runs: PruneCount; outbox: PruneCount; signInAttempts: PruneCount; workers: PruneCount; rateLimitEvents: PruneCount };

const SIGN_IN_KEEP_MS = 86_400_000;
const WORKER_KEEP_MS = 7 * 86_400_000;
// A rate-limit window is at most 30 days (lib/tasks/policy.ts): an older batch item's start counts for nothing.
const RATE_LIMIT_EVENT_KEEP_MS = 31 * 86_400_000;

// Each statement picks its ids with SKIP LOCKED, so it never waits for a row the engine holds.
const LOGS = `delete from run_logs where id in (
  select id from run_logs where created_at < $1 order by created_at limit $2 for update skip locked)`;

// A run goes only when it ended before the cutoff, and so did every attempt of its retry
// chain (root_run_id has no foreign key, so nothing else keeps a chain whole). A run ends
// after its slot, so scheduled_for < cutoff narrows the scan to the old end of
// runs_scheduled_idx, which the history reads keep anyway. (One cancelled or skipped before
// its slot, a retry still in backoff say, waits until its slot is past the cutoff too.)
// Queued and running runs have no finished_at and are never picked.
const RUNS = `delete from runs where id in (
  select r.id from runs r
  where r.scheduled_for < $1 and r.finished_at < $1 and r.status not in ('queued', 'running')
    and not exists (
      select 1 from runs c
      where (c.root_run_id = coalesce(r.root_run_id, r.id) or c.id = r.root_run_id)
        and (c.finished_at is null or c.finished_at >= $1))
  order by r.scheduled_for limit $2 for update of r skip locked)`;

// Messages sent or given up (dead) go with the run history of their time; a pending one, still
// being retried, never does. A sender holds its row locked for the send: skipped, not waited for.
const OUTBOX = `delete from outbox where id in (
  select id from outbox where created_at < $1 and status in ('sent', 'dead') order by created_at limit $2 for update skip locked)`;

const SIGN_INS = `delete from sign_in_attempts where id in (
  select id from sign_in_attempts where created_at < $1 limit $2 for update skip locked)`;

// Live workers heartbeat every few seconds; one unseen for a week is gone, stopped or crashed.
const WORKERS = `delete from workers where id in (
  select id from workers where last_heartbeat_at < $1 limit $2 for update skip locked)`;

const RATE_LIMIT_EVENTS = `delete from rate_limit_events where id in (
  select id from rate_limit_events where at < $1 limit $2 for update skip locked)`;

type Batching = { batchSize: number; maxBatches: number; pauseMs: number; signal?: AbortSignal };

async function pruneTable(db: Queryable, statement: string, before: Date, o: Batching): Promise<PruneCount> {
  let deleted = 0;
  for (let batches = 1; batches <= o.maxBatches; batches++) {
    if (o.signal?.aborted) return { deleted, batches: batches - 1, done: false };
    const { rowCount } = await db.query(statement, [before, o.batchSize]);
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < o.batchSize) return { deleted, batches, done: true };
    if (o.pauseMs > 0) await new Promise((r) => setTimeout(r, o.pauseMs));
  }
  return { deleted, batches: o.maxBatches, done: false };
}

/**
 * Delete history older than the retention settings, in batches of `batchSize` rows, each
 * its own short statement (call it outside a transaction). Log lines go first; runs only
 * when the logs are caught up, so deleting a run cascades to (almost) no log lines and a
 * run batch stays small. Daily stats are kept: the charts read them.
 */
export async function pruneHistory(db: Queryable, options: PruneOptions): Promise<PruneResult> {
  const o = { batchSize: 1000, maxBatches: 50, pauseMs: 0, ...options };
  const { runsBefore, logsBefore } = o;
  const runLogs = await pruneTable(db, LOGS, logsBefore, o);
  const runs = runLogs.done ? await pruneTable(db, RUNS, runsBefore, o) : { deleted: 0, batches: 0, done: false };
  const outbox = await pruneTable(db, OUTBOX, runsBefore, o);
  const signInAttempts = await pruneTable(db, SIGN_INS, new Date(o.now.getTime() - SIGN_IN_KEEP_MS), o);
  const workers = await pruneTable(db, WORKERS, new Date(o.now.getTime() - WORKER_KEEP_MS), o);
  const rateLimitEvents = await pruneTable(db, RATE_LIMIT_EVENTS, new Date(o.now.getTime() - RATE_LIMIT_EVENT_KEEP_MS), o);
  return { runLogs, runs, outbox, signInAttempts, workers, rateLimitEvents };
}
