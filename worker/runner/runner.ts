import type pg from 'pg';
import type pino from 'pino';
import { claimRuns, type ClaimedRun } from '../../db/queries/engine/claim';
import { handBackRuns, renewLeases } from '../../db/queries/engine/leases';
import { coerceError } from '../../lib/errors';
import { ChildGuard } from './child-guard';
import { Completer } from './completer';
import { durably } from './durable';
import { Execution } from './execution';
import { monotonicMs } from './messages';
import { ThreadPool } from './thread-pool';

export type RunnerOptions = {
  pool: pg.Pool;
  log: pino.Logger;
  workerId: string;
  databaseUrl: string;
  handlerModules: string[];
  concurrency: number;
  leaseSeconds: number;
  drainTimeoutSeconds: number;
  onDbFailure: (err: unknown) => void;
};

// Runnable runs are looked for this often even without a NOTIFY (one lost, or a backoff ending).
const POLL_MS = 1000;
// Runs are claimed ahead of a free thread only while handlers are this quick (a moving
// average): a claimed run then waits here about as long as one handler takes, and never holds
// back a run that an idle worker elsewhere could start at once behind a slow handler.
const PREFETCH_BELOW_MS = 25;
// A run claimed ahead that has waited this long is handed back, and claiming ahead stops until
// handlers are quick again: handlers turned slow, and another worker may be idle.
const WAIT_AT_MOST_MS = 250;

type Waiting = { run: ClaimedRun; leaseUntil: number; since: number };

/**
 * The runner role: claims runs (woken by NOTIFY, a poll, and each run's end), runs each on a
 * handler thread, renews the leases of what it runs at a third of the lease length (two
 * renewals can fail before anyone may take a run), and drains on stop.
 *
 * While handlers are quick it claims up to twice `concurrency` runs ahead into a local queue (the
 * idea of graphile-worker's localQueue), so a thread that frees up starts its next run without
 * waiting for a claim round trip, and each claim brings back a batch. Queued runs are leased
 * like running ones (renewed, and dropped if another worker took them over).
 *
 * The drain is exact: from stop() on no claim starts, a claim already in flight hands its runs
 * back at once without starting them, and so does the local queue.
 */
export class Runner {
  private readonly running = new Map<number, Execution>();
  private waiting: Waiting[] = [];
  /** Moving average of recent handler durations; unknown (no prefetch) until runs have ended. */
  private handlerMs = Number.POSITIVE_INFINITY;
  private readonly threads: ThreadPool;
  private readonly completer: Completer;
  private readonly guard = new ChildGuard();
  private timers: NodeJS.Timeout[] = [];
  private waitCheck: NodeJS.Timeout | undefined;
  private claiming: Promise<void> | undefined;
  private claimAgain = false;
  private stopped = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly o: RunnerOptions) {
    this.threads = new ThreadPool({ modules: o.handlerModules, databaseUrl: o.databaseUrl, concurrency: o.concurrency });
    this.completer = new Completer({ pool: o.pool, log: o.log, onDbFailure: o.onDbFailure });
  }

  get size(): number {
    return this.running.size;
  }

  get runningIds(): number[] {
    return [...this.running.keys()];
  }

  async start(): Promise<void> {
    this.guard.start();
    this.timers = [setInterval(() => void this.claim(), POLL_MS), setInterval(() => void this.renew(), (this.o.leaseSeconds * 1000) / 3)];
    for (const t of this.timers) t.unref();
    void this.claim();
  }

  /** Work is to be expected (tasks exist): have a handler thread ready. */
  warm(): Promise<void> {
    return this.threads.warm();
  }

  /** Look for work now. Concurrent calls coalesce into one more round. */
  claim(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.claiming) {
      this.claimAgain = true;
      return this.claiming;
    }
    this.claiming = this.claimLoop().finally(() => (this.claiming = undefined));
    return this.claiming;
  }

  private async claimLoop(): Promise<void> {
    do {
      this.claimAgain = false;
      // A run whose handler returned no longer takes a slot while its end is written (in a
      // batch with others): the next claim overlaps that write.
      const free = this.o.concurrency + this.prefetch() - this.executing() - this.waiting.length;
      if (this.stopped || free <= 0) return;
      try {
        const sentAt = monotonicMs();
        const runs = await claimRuns(this.o.pool, this.o.workerId, free, this.o.leaseSeconds);
        if (this.stopped) {
          // Claimed while the drain began: back at once, never started.
          await this.handBack(runs.map((r) => ({ id: r.id, epoch: r.epoch })), 'handed back unstarted: the worker began stopping during its claim');
          return;
        }
        for (const run of runs) this.waiting.push({ run, leaseUntil: sentAt + this.leaseMs(), since: monotonicMs() });
        this.pump();
        this.watchWaiting();
        this.claimAgain ||= runs.length === free;
      } catch (err) {
        this.o.onDbFailure(err);
        this.o.log.error({ err: coerceError(err) }, 'claim failed');
        return;
      }
    } while (this.claimAgain);
  }

  private leaseMs(): number {
    // A little under the lease: the database's clock started it a moment after we asked.
    return this.o.leaseSeconds * 1000 * 0.9;
  }

  private deps() {
    return { pool: this.o.pool, log: this.o.log, workerId: this.o.workerId, threads: this.threads, completer: this.completer, guard: this.guard, keepTrying: () => true };
  }

  private executing(): number {
    let n = 0;
    for (const e of this.running.values()) if (!e.handlerDone) n++;
    return n;
  }

  private prefetch(): number {
    return this.handlerMs < PREFETCH_BELOW_MS ? this.o.concurrency * 2 : 0;
  }

  /** Start queued runs on the threads that are free. */
  private pump(): void {
    while (!this.stopped && this.waiting.length > 0 && this.executing() < this.o.concurrency) {
      const { run, leaseUntil } = this.waiting.shift()!;
      this.start1(new Execution(run, leaseUntil, this.deps()));
    }
  }

  private watchWaiting(): void {
    if (this.waitCheck || this.waiting.length === 0) return;
    this.waitCheck = setTimeout(() => {
      this.waitCheck = undefined;
      const stale = this.waiting.filter((w) => monotonicMs() - w.since >= WAIT_AT_MOST_MS);
      if (stale.length > 0 && !this.stopped) {
        this.handlerMs = Math.max(this.handlerMs, PREFETCH_BELOW_MS);
        this.waiting = this.waiting.filter((w) => !stale.includes(w));
        void this.handBack(stale.map((w) => ({ id: w.run.id, epoch: w.run.epoch })), 'handed back unstarted: it waited for a thread behind slow handlers');
      }
      this.watchWaiting();
    }, WAIT_AT_MOST_MS);
    this.waitCheck.unref();
  }

  private start1(execution: Execution): void {
    this.running.set(execution.id, execution);
    const startedAt = monotonicMs();
    execution.whenHandlerDone(() => {
      const ms = monotonicMs() - startedAt;
      this.handlerMs = Number.isFinite(this.handlerMs) ? this.handlerMs * 0.8 + ms * 0.2 : ms;
      this.pump();
      void this.claim();
    });
    void execution.done.finally(() => {
      this.running.delete(execution.id);
      void this.claim();
    });
  }

  /** Extend our leases; abort runs that were cancelled, or that another worker recovered as lost. */
  async renew(): Promise<void> {
    const mine = [...this.running.values()].filter((e) => e.abortReason !== 'shutdown');
    const queued = [...this.waiting];
    if (mine.length + queued.length === 0) return;
    const sentAt = monotonicMs();
    try {
      const leases = [...mine.map((e) => ({ id: e.id, epoch: e.run.epoch })), ...queued.map((w) => ({ id: w.run.id, epoch: w.run.epoch }))];
      const held = await renewLeases(this.o.pool, this.o.workerId, leases, this.o.leaseSeconds);
      const heldIds = new Map(held.map((h) => [h.id, h.cancelRequested]));
      // A queued run that was taken over or cancelled is simply not started; a cancelled one
      // starts and sees its abort at once, so its end is recorded like any cancel.
      const lostQueued = new Set(queued.filter((w) => !heldIds.has(w.run.id)).map((w) => w.run.id));
      this.waiting = this.waiting.filter((w) => !lostQueued.has(w.run.id));
      for (const w of this.waiting) if (heldIds.has(w.run.id)) w.leaseUntil = sentAt + this.leaseMs();
      for (const e of mine) {
        const cancel = heldIds.get(e.id);
        // A run that is ending may already be recorded; only an unfinished one is lost.
        if (cancel === undefined) {
          if (!e.abortReason) e.abort('lost');
        } else {
          e.renewed(sentAt + this.leaseMs());
          if (cancel) e.abort('cancelled');
        }
      }
    } catch (err) {
      this.o.onDbFailure(err);
      this.o.log.warn({ err: coerceError(err) }, 'renewing leases failed');
    }
  }

  private async handBack(runs: { id: number; epoch: number }[], reason: string): Promise<void> {
    if (runs.length === 0) return;
    const n = await durably(() => handBackRuns(this.o.pool, this.o.workerId, runs, reason), {
      log: this.o.log,
      what: 'handing runs back',
      keepTrying: () => true,
      onFailure: this.o.onDbFailure,
    }).catch((err: unknown) => {
      this.o.log.error({ err: coerceError(err) }, 'could not hand runs back; their leases will expire');
      return 0;
    });
    this.o.log.warn({ runs: runs.map((r) => r.id), handedBack: n }, 'handed unfinished runs back to the queue');
  }

  /**
   * SIGTERM: claim nothing more, give running runs up to the drain timeout, then abort the
   * rest and hand their leases back so another worker runs them at once, without waiting for
   * the lease to expire. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  private async drain(): Promise<void> {
    this.stopped = true;
    await this.claiming;
    const unstarted = this.waiting.map((w) => ({ id: w.run.id, epoch: w.run.epoch }));
    this.waiting = [];
    await this.handBack(unstarted, 'handed back unstarted: the worker began stopping before a thread was free');
    const pending = [...this.running.values()];
    if (pending.length > 0) {
      this.o.log.info({ runs: pending.length, timeoutSeconds: this.o.drainTimeoutSeconds }, 'draining: waiting for running runs');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((r) => (timer = setTimeout(r, this.o.drainTimeoutSeconds * 1000)));
      await Promise.race([Promise.all(pending.map((e) => e.done)), timeout]);
      clearTimeout(timer);
    }
    const rest = [...this.running.values()];
    for (const e of rest) e.abort('shutdown');
    await Promise.all(rest.map((e) => e.done));
    await this.handBack(rest.map((e) => ({ id: e.id, epoch: e.run.epoch })), `handed back by worker ${this.o.workerId} while it stopped`);
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.waitCheck);
    await this.completer.stop(this.o.drainTimeoutSeconds * 1000);
    await this.threads.stop();
    await this.guard.stop();
  }
}
