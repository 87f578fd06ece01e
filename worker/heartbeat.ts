import { sql } from 'drizzle-orm';
import os from 'node:os';
import type pino from 'pino';
import type { Db } from '../db/client';
import { heartbeat, markWorkerStopped, registerWorker } from '../db/queries/workers';
import { coerceError } from '../lib/errors';
import { sundialVersion } from '../lib/version';

type Options = { db: Db; log: pino.Logger; id: string; everySeconds: number; schedulerEnabled: boolean; concurrency: number; running: () => number };

/** The heartbeat role: registers the worker, writes its heartbeat row, marks it draining and stopped. */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly o: Options) {}

  async start(): Promise<void> {
    await this.register();
    this.timer = setInterval(() => void this.beat(), this.o.everySeconds * 1000);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    try {
      if (!(await heartbeat(this.o.db, this.o.id, this.o.running()))) await this.register();
    } catch (err) {
      this.o.log.warn({ err: coerceError(err) }, 'heartbeat failed');
    }
  }

  async draining(): Promise<void> {
    await this.o.db.execute(sql`update workers set status = 'draining' where id = ${this.o.id}`).catch(() => {});
  }

  /** Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.timer);
      try {
        await markWorkerStopped(this.o.db, this.o.id);
      } catch (err) {
        this.o.log.warn({ err: coerceError(err) }, 'could not mark the worker stopped; its heartbeat will age out');
      }
    })();
    return this.stopping;
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
