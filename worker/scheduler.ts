import type pg from 'pg';
import cron, { type ScheduledTask } from 'node-cron';
import type pino from 'pino';
import { lockDueTasks } from '../db/queries/engine/due';
import { materializeSlots } from '../db/queries/engine/slots';
import { inTransaction } from '../db/queries/engine/tx';
import { planTick } from '../lib/engine/tick-plan';
import { coerceError } from '../lib/errors';

export type FireResult = { tasks: number; queued: number; recorded: number; replaced: number; failures: { taskId: string; error: string }[] };

// One transaction fires at most this many tasks; a tick loops until no due task is left.
// Measured: 2,000 tasks plan and insert in well under a second, and hold their locks briefly.
const CHUNK = 2000;

/**
 * Turn every due slot into a run row, once, however many workers tick: a chunk of due tasks
 * is locked (SKIP LOCKED, so workers split them), planned in memory (pure, memoized slot math)
 * and written with one set statement. "Due" is judged by the database clock, or by `now`
 * when a test injects one.
 */
export async function fireDue(pool: pg.Pool, opts: { now?: Date; limit?: number; stop?: () => boolean } = {}): Promise<FireResult> {
  const total: FireResult = { tasks: 0, queued: 0, recorded: 0, replaced: 0, failures: [] };
  const limit = opts.limit ?? CHUNK;
  for (;;) {
    const chunk = await inTransaction(pool, async (client) => {
      const due = await lockDueTasks(client, { now: opts.now, limit });
      if (due.tasks.length === 0) return { tasks: 0, queued: 0, recorded: 0, replaced: 0, failures: [] };
      const plan = planTick(due.tasks, due.now);
      const written = await materializeSlots(client, plan.slots, plan.advance, due.now);
      return { tasks: due.tasks.length, ...written, failures: plan.failures };
    });
    total.tasks += chunk.tasks;
    total.queued += chunk.queued;
    total.recorded += chunk.recorded;
    total.replaced += chunk.replaced;
    total.failures.push(...chunk.failures);
    if (chunk.tasks < limit || opts.stop?.()) return total;
  }
}

type Options = { pool: pg.Pool; log: pino.Logger; name: string; tickCron?: string; clock?: () => Date; onError?: (err: unknown) => void };

/** The scheduler role: node-cron wakes it every second (and NOTIFY on task changes); Postgres decides what is due. */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly o: Options) {}

  start(): void {
    // A tick that overruns a second is not stacked; the next one finds every due slot anyway
    // (next_run_at is in the database), so node-cron's overlap warnings are only noise.
    const quiet = (m: unknown) => this.o.log.debug({ source: 'node-cron' }, String(m));
    this.task = cron.schedule(this.o.tickCron ?? '* * * * * *', () => void this.tick(), {
      name: `scheduler:${this.o.name}`,
      noOverlap: true,
      logger: { info: quiet, warn: quiet, error: quiet, debug: quiet },
    });
    void this.tick();
  }

  /** Fire now; a call during a tick runs one more tick after it. Reports, never throws. */
  tick(): Promise<void> {
    if (this.stopped) return this.current ?? Promise.resolve();
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.loop().finally(() => (this.current = undefined));
    return this.current;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        const fired = await fireDue(this.o.pool, { now: this.o.clock?.(), stop: () => this.stopped });
        for (const f of fired.failures) this.o.log.error({ taskId: f.taskId, error: f.error }, 'could not compute the next slot; the task stops firing');
      } catch (err) {
        this.o.onError?.(err);
        this.o.log.error({ err: coerceError(err) }, 'scheduler tick failed');
      }
    } while (this.again && !this.stopped);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      await this.task?.stop();
      await this.task?.destroy();
      await this.current;
    })();
    return this.stopping;
  }
}
