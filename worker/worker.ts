import os from 'node:os';
import type pg from 'pg';
import cron, { type ScheduledTask } from 'node-cron';
import type pino from 'pino';
import type { Db } from '../db/client';
import { publishCatalog } from '../db/queries/engine/catalog';
import { claimRuns, loadTasks } from '../db/queries/engine/claim';
import { fireDueTasks, requestCancelRunning } from '../db/queries/engine/fire';
import { handBackRuns, renewLeases } from '../db/queries/engine/finish';
import { recoverLostRuns } from '../db/queries/engine/recover';
import { RUNS_CHANNEL, TASKS_CHANNEL } from '../lib/engine/channels';
import { heartbeat, markWorkerStopped, registerWorker } from '../db/queries/workers';
import { coerceError } from '../lib/errors';
import { sundialVersion } from '../lib/version';
import { catalogEntry, type TaskDefinition } from './define';
import { Execution, type ClaimedRun, type TaskInfo } from './execute';
import { Listener } from './listener';

export type WorkerOptions = {
  pool: pg.Pool;
  db: Db;
  /** For LISTEN; without it the worker polls once a second only. */
  databaseUrl?: string;
  id: string;
  log: pino.Logger;
  handlers: TaskDefinition[];
  schedulerEnabled: boolean;
  concurrency?: number;
  leaseSeconds?: number;
  drainTimeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** node-cron expression (with seconds) for the wake-up tick. */
  tickCron?: string;
  /** Tests inject a clock for "due"; by default the database clock decides. */
  clock?: () => Date;
};

// Expired leases are looked for this often; a dead worker's run is lost within lease + this.
const RECOVER_EVERY_MS = 2000;

/**
 * The engine of a worker process. node-cron wakes it every second; each tick writes the
 * heartbeat, renews leases, fires due slots, recovers lost runs and claims work. NOTIFY
 * wakes it early for new runs; finishing a run claims the next at once.
 */
export class Worker {
  private task: ScheduledTask | undefined;
  private listener: Listener | undefined;
  private stopping: Promise<void> | undefined;
  private readonly running = new Map<number, Execution>();
  private readonly handlers: Map<string, TaskDefinition>;
  private ticking = false;
  private inFlight: Promise<void> = Promise.resolve();
  private claiming = false;
  private claimAgain = false;
  private last = { heartbeat: 0, renew: 0, recover: 0 };
  private readonly o: Required<Omit<WorkerOptions, 'clock' | 'databaseUrl'>> & Pick<WorkerOptions, 'clock' | 'databaseUrl'>;

  constructor(options: WorkerOptions) {
    this.o = { concurrency: 4, leaseSeconds: 30, drainTimeoutSeconds: 30, heartbeatSeconds: 5, tickCron: '* * * * * *', ...options };
    this.handlers = new Map(options.handlers.map((h) => [h.key, h]));
  }

  get id(): string {
    return this.o.id;
  }

  get runningIds(): number[] {
    return [...this.running.keys()];
  }

  async start(): Promise<void> {
    await this.register();
    // Same identity, new life: nothing of the previous one is running any more.
    const orphans = await recoverLostRuns(this.o.pool, { ownWorkerId: this.o.id });
    if (orphans.length > 0) this.o.log.warn({ runs: orphans }, 'released runs left running by this worker before it restarted');
    await publishCatalog(this.o.pool, this.o.id, this.o.handlers.map(catalogEntry));
    if (this.o.databaseUrl) {
      this.listener = new Listener(this.o.databaseUrl, [RUNS_CHANNEL, TASKS_CHANNEL], (channel, payload) => this.wake(channel, payload), this.o.log);
      await this.listener.start();
    }
    // A tick that overruns a second is skipped, not stacked; the next one finds every due
    // slot anyway (next_run_at is in the database), so node-cron's warnings are only noise.
    const quiet = (m: unknown) => this.o.log.debug({ source: 'node-cron' }, String(m));
    this.task = cron.schedule(this.o.tickCron, () => this.tick(), {
      name: `worker:${this.o.id}`,
      noOverlap: true,
      logger: { info: quiet, warn: quiet, error: quiet, debug: quiet },
    });
    this.o.log.info({ workerId: this.o.id, concurrency: this.o.concurrency, scheduler: this.o.schedulerEnabled }, 'worker started');
    void this.claim();
  }

  /** Idempotent: the first call drains, later calls get the same promise. */
  stop(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  private wake(channel: string, payload?: string): void {
    // A cancel request is seen on the next lease renewal; renew now instead of in lease/3.
    if (payload === 'cancel') void this.renew().catch((err: unknown) => this.o.log.error({ err: coerceError(err) }, 'renew failed'));
    else if (channel === RUNS_CHANNEL) void this.claim();
    else void this.tick();
  }

  tick(): Promise<void> {
    if (this.stopping || this.ticking) return this.inFlight;
    this.inFlight = this.tickOnce();
    return this.inFlight;
  }

  // Background code reports, it never throws out of a timer.
  private async tickOnce(): Promise<void> {
    this.ticking = true;
    const now = Date.now();
    try {
      if (now - this.last.heartbeat >= this.o.heartbeatSeconds * 1000) {
        this.last.heartbeat = now;
        if (!(await heartbeat(this.o.db, this.o.id, this.running.size))) await this.register();
      }
      // Renew at a third of the lease: two renewals can fail before anyone may take the run.
      if (now - this.last.renew >= (this.o.leaseSeconds * 1000) / 3) {
        this.last.renew = now;
        await this.renew();
      }
      if (this.o.schedulerEnabled) {
        const fired = await fireDueTasks(this.o.pool, { now: this.o.clock?.() });
        for (const f of fired.failures) this.o.log.error({ taskId: f.taskId, error: f.error }, 'could not compute the next slot; the task stops firing');
        if (fired.replaced.length > 0) {
          await requestCancelRunning(this.o.pool, fired.replaced);
          await this.renew();
        }
      }
      if (now - this.last.recover >= RECOVER_EVERY_MS) {
        this.last.recover = now;
        const lost = await recoverLostRuns(this.o.pool, { expired: true });
        if (lost.length > 0) this.o.log.warn({ runs: lost }, 'recovered runs whose worker stopped renewing the lease');
      }
    } catch (err) {
      this.o.log.error({ err: coerceError(err) }, 'tick failed');
    } finally {
      this.ticking = false;
    }
    await this.claim();
  }

  /** Extend our leases; abort runs that were cancelled, or that another worker took as lost. */
  private async renew(): Promise<void> {
    const ids = this.runningIds;
    if (ids.length === 0) return;
    const held = await renewLeases(this.o.pool, this.o.id, ids, this.o.leaseSeconds);
    const heldIds = new Set(held.map((h) => h.id));
    for (const id of ids) if (!heldIds.has(id)) this.running.get(id)?.abort('lost');
    for (const h of held) if (h.cancelRequested) this.running.get(h.id)?.abort('cancelled');
  }

  async claim(): Promise<void> {
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    try {
      do {
        this.claimAgain = false;
        const free = this.o.concurrency - this.running.size;
        if (this.stopping || free <= 0) break;
        const runs = await claimRuns<ClaimedRun>(this.o.pool, this.o.id, free, this.o.leaseSeconds);
        if (runs.length === 0) break;
        const tasks = new Map((await loadTasks<TaskInfo>(this.o.pool, [...new Set(runs.map((r) => r.task_id))])).map((t) => [t.id, t]));
        for (const run of runs) this.execute(run, tasks.get(run.task_id));
        this.claimAgain ||= runs.length === free;
      } while (this.claimAgain);
    } catch (err) {
      this.o.log.error({ err: coerceError(err) }, 'claim failed');
    } finally {
      this.claiming = false;
    }
  }

  private execute(run: ClaimedRun, task: TaskInfo | undefined): void {
    const info = task ?? { id: run.task_id, name: '(deleted)', handler: '', config: {}, policy: {} };
    const execution = new Execution(run, info, { pool: this.o.pool, workerId: this.o.id, log: this.o.log, handler: this.handlers.get(info.handler) });
    this.running.set(execution.id, execution);
    void execution.done.finally(() => {
      this.running.delete(execution.id);
      if (!this.stopping) setImmediate(() => void this.claim());
    });
  }

  /**
   * SIGTERM: claim nothing more, give running runs up to the drain timeout, then abort the
   * rest and hand their leases back so another worker runs them at once, without waiting
   * for the lease to expire.
   */
  private async drain(): Promise<void> {
    await this.task?.stop();
    await this.task?.destroy();
    await this.listener?.close();
    await this.inFlight;
    await this.o.pool.query(`update workers set status = 'draining' where id = $1`, [this.o.id]).catch(() => {});
    const pending = [...this.running.values()];
    if (pending.length > 0) {
      this.o.log.info({ runs: pending.length, timeoutSeconds: this.o.drainTimeoutSeconds }, 'draining: waiting for running runs');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((r) => (timer = setTimeout(r, this.o.drainTimeoutSeconds * 1000)));
      await Promise.race([Promise.all(pending.map((e) => e.done)), timeout]);
      clearTimeout(timer);
    }
    const rest = [...this.running.values()];
    if (rest.length > 0) {
      for (const e of rest) e.abort('shutdown');
      await Promise.all(rest.map((e) => e.done));
      const handed = await handBackRuns(this.o.pool, this.o.id, rest.map((e) => e.id));
      this.o.log.warn({ runs: handed }, 'handed unfinished runs back to the queue');
    }
    try {
      await markWorkerStopped(this.o.db, this.o.id);
      this.o.log.info({ workerId: this.o.id }, 'worker stopped');
    } catch (err) {
      this.o.log.warn({ err: coerceError(err) }, 'could not mark the worker stopped; its heartbeat will age out');
    }
  }

  private register(): Promise<void> {
    return registerWorker(this.o.db, {
      id: this.o.id,
      hostname: os.hostname(),
      pid: process.pid,
      version: sundialVersion,
      schedulerEnabled: this.o.schedulerEnabled,
      concurrency: this.o.concurrency,
    });
  }
}
