import type pg from 'pg';
import type pino from 'pino';
import type { Db } from '../db/client';
import { publishCatalog } from '../db/queries/engine/catalog';
import { CANCEL_PAYLOAD, RUNS_CHANNEL, TASKS_CHANNEL } from '../db/queries/engine/channels';
import { anyEnabledTask } from '../db/queries/engine/due';
import { catalogEntry } from './define';
import { BUILT_IN_HANDLERS, loadHandlers } from './handlers';
import { Heartbeat } from './heartbeat';
import { Listener } from '../lib/listener';
import { Reaper } from './reaper';
import { Runner } from './runner/runner';
import { Scheduler } from './scheduler';
import { Sender, type SenderOptions } from './sender';
import { OUTBOX_CHANNEL } from '../db/queries/notify/outbox';

export type WorkerOptions = {
  pool: pg.Pool;
  db: Db;
  /** For LISTEN and for handler threads' own connections; defaults to the pool's. */
  databaseUrl?: string;
  id: string;
  log: pino.Logger;
  /** Modules whose exported handlers this worker runs (paths or file: URLs); the built-in ones by default. */
  handlerModules?: string[];
  schedulerEnabled: boolean;
  concurrency?: number;
  leaseSeconds?: number;
  drainTimeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** node-cron expression (with seconds) for the scheduler's wake-up tick. */
  tickCron?: string;
  /** Tests inject a clock for "due"; by default the database clock decides. */
  clock?: () => Date;
  /** Tests shorten the sender's backoff and allow local servers. */
  sender?: Partial<SenderOptions>;
};

/**
 * A worker process's engine, composed of small roles that each start and stop on their own:
 * heartbeat (the workers row), scheduler (slots into runs), runner (claims, handler threads,
 * leases, drain), reaper (runs of dead workers) and sender (the notification outbox). NOTIFY wakes the runner for new runs and
 * cancel requests, and the scheduler for task changes.
 */
export class Worker {
  private readonly heartbeat: Heartbeat;
  private readonly scheduler: Scheduler | undefined;
  private readonly runner: Runner;
  private readonly reaper: Reaper;
  private readonly sender: Sender;
  private listener: Listener | undefined;
  private stopping: Promise<void> | undefined;
  private lastDbFailureAt: number | null = null;
  private readonly o: WorkerOptions & { concurrency: number; leaseSeconds: number; databaseUrl: string; handlerModules: string[] };

  constructor(options: WorkerOptions) {
    const databaseUrl = options.databaseUrl ?? (options.pool as pg.Pool & { options: { connectionString?: string } }).options.connectionString ?? '';
    this.o = { concurrency: 4, leaseSeconds: 30, handlerModules: [BUILT_IN_HANDLERS], ...options, databaseUrl };
    const { pool, log, id, leaseSeconds, concurrency } = this.o;
    const onDbFailure = () => (this.lastDbFailureAt = Date.now());
    this.heartbeat = new Heartbeat({ db: options.db, log, id, everySeconds: options.heartbeatSeconds ?? 5, schedulerEnabled: options.schedulerEnabled, concurrency, running: () => this.runner.size });
    if (options.schedulerEnabled) this.scheduler = new Scheduler({ pool, log, name: id, tickCron: options.tickCron, clock: options.clock, onError: onDbFailure });
    this.runner = new Runner({
      pool,
      log,
      workerId: id,
      databaseUrl: this.o.databaseUrl,
      handlerModules: this.o.handlerModules,
      concurrency,
      leaseSeconds,
      drainTimeoutSeconds: options.drainTimeoutSeconds ?? 30,
      onDbFailure,
    });
    this.reaper = new Reaper({ pool, log, workerId: id, leaseSeconds, lastDbFailureAt: () => this.lastDbFailureAt });
    this.sender = new Sender({ pool, log, databaseUrl: this.o.databaseUrl || undefined, ...options.sender });
    pool.on('error', onDbFailure);
  }

  get id(): string {
    return this.o.id;
  }

  get runningIds(): number[] {
    return this.runner.runningIds;
  }

  async start(): Promise<void> {
    const { pool, log, id } = this.o;
    await this.heartbeat.start();
    await this.reaper.recoverOwn();
    const handlers = await loadHandlers(this.o.handlerModules);
    await publishCatalog(pool, id, [...handlers.values()].map(catalogEntry));
    if (this.o.databaseUrl) {
      this.listener = new Listener(this.o.databaseUrl, [RUNS_CHANNEL, TASKS_CHANNEL, OUTBOX_CHANNEL], (channel, payload) => this.wake(channel, payload), log);
      await this.listener.start();
    }
    await this.runner.start();
    // A worker with nothing to run stays small; one with tasks has a handler thread ready.
    if (await anyEnabledTask(pool)) await this.runner.warm();
    this.scheduler?.start();
    this.reaper.start();
    this.sender.start();
    log.info({ workerId: id, concurrency: this.o.concurrency, scheduler: this.o.schedulerEnabled }, 'worker started');
  }

  private wake(channel: string, payload?: string): void {
    // A cancel request is seen on the next lease renewal; renew now instead of in lease/3.
    if (channel === OUTBOX_CHANNEL) this.sender.wake();
    else if (payload === CANCEL_PAYLOAD) void this.runner.renew();
    else if (channel === RUNS_CHANNEL) void this.runner.claim();
    else {
      void this.runner.warm();
      void this.scheduler?.tick();
    }
  }

  /** Fire due slots now (tests); the scheduler's own timer does this every second. */
  tick(): Promise<void> {
    return this.scheduler?.tick() ?? Promise.resolve();
  }

  /** Idempotent: the first call drains, later calls get the same promise. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      // First, and synchronously: from here on no claim starts.
      const drained = this.runner.stop();
      await this.scheduler?.stop();
      await this.listener?.close();
      await this.heartbeat.draining();
      await drained;
      await this.reaper.stop();
      await this.sender.stop();
      await this.heartbeat.stop();
      this.o.log.info({ workerId: this.o.id }, 'worker stopped');
    })();
    return this.stopping;
  }
}
