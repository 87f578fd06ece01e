import os from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type pino from 'pino';
import type { Db } from '../db/client';
import { heartbeat, markWorkerStopped, registerWorker } from '../db/queries/workers';
import { coerceError } from '../lib/errors';
import { sundialVersion } from '../lib/version';
import { HEARTBEAT_CRON } from '../lib/workers';

export type WorkerOptions = {
  db: Db;
  id: string;
  log: pino.Logger;
  schedulerEnabled: boolean;
  /** node-cron expression (with seconds) for the wake-up tick. */
  tickCron?: string;
};

/**
 * The worker process's engine. For now it only proves the wiring: node-cron wakes it, and
 * each tick writes the heartbeat row the dashboard reads. The scheduler and executor hang
 * off the same tick.
 */
export class Worker {
  private task: ScheduledTask | undefined;
  private stopping: Promise<void> | undefined;
  private beating = false;

  constructor(private readonly options: WorkerOptions) {}

  get id(): string {
    return this.options.id;
  }

  async start(): Promise<void> {
    await this.register();
    this.task = cron.schedule(this.options.tickCron ?? HEARTBEAT_CRON, () => this.tick(), {
      name: `heartbeat:${this.options.id}`,
      noOverlap: true,
    });
    this.options.log.info({ workerId: this.options.id }, 'worker started');
  }

  /** Idempotent: every caller gets the same promise. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    await this.task?.stop();
    await this.task?.destroy();
    try {
      await markWorkerStopped(this.options.db, this.options.id);
      this.options.log.info({ workerId: this.options.id }, 'worker stopped');
    } catch (err) {
      this.options.log.warn({ err: coerceError(err) }, 'could not mark the worker stopped; its heartbeat will age out');
    }
  }

  private register(): Promise<void> {
    return registerWorker(this.options.db, {
      id: this.options.id,
      hostname: os.hostname(),
      pid: process.pid,
      version: sundialVersion,
      schedulerEnabled: this.options.schedulerEnabled,
    });
  }

  // Background code reports, it never throws out of a timer.
  private async tick(): Promise<void> {
    if (this.stopping || this.beating) return;
    this.beating = true;
    try {
      const alive = await heartbeat(this.options.db, this.options.id);
      if (!alive && !this.stopping) await this.register();
    } catch (err) {
      this.options.log.error({ err: coerceError(err) }, 'heartbeat failed');
    } finally {
      this.beating = false;
    }
  }
}
