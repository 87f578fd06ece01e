import type pg from 'pg';
import type pino from 'pino';
import { endRuns } from '../db/queries/engine/end-runs';
import { lostCandidates } from '../db/queries/engine/recover';
import { failStepsOfEndedRuns } from '../db/queries/engine/steps';
import { lostEnd, mayReap } from '../lib/engine/lost';
import { coerceError } from '../lib/errors';

// Expired leases are looked for this often; a dead worker's run is lost within lease + this.
const EVERY_MS = 2000;

type Options = { pool: pg.Pool; log: pino.Logger; workerId: string; leaseSeconds: number; lastDbFailureAt: () => number | null };

/** The reaper role: records runs of dead workers as lost and queues their retries. */
export class Reaper {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;

  constructor(private readonly o: Options) {}

  /** Same identity, new life: nothing of the previous one is running any more. */
  async recoverOwn(): Promise<void> {
    const own = await lostCandidates(this.o.pool, { ownWorkerId: this.o.workerId });
    if (own.length === 0) return;
    const { ended } = await endRuns(this.o.pool, own.map((r) => lostEnd(r, false, 'restarted while it ran')));
    await failStepsOfEndedRuns(this.o.pool, ended, 'its worker restarted during this step');
    if (ended.length > 0) this.o.log.warn({ runs: ended }, 'released runs left running by this worker before it restarted');
  }

  start(): void {
    this.timer = setInterval(() => {
      this.current = this.current.then(() => this.reap());
    }, EVERY_MS);
    this.timer.unref();
  }

  private async reap(): Promise<void> {
    if (!mayReap(Date.now(), this.o.lastDbFailureAt(), this.o.leaseSeconds * 1000)) return;
    try {
      const expired = await lostCandidates(this.o.pool, { expired: true });
      if (expired.length === 0) return;
      const { ended } = await endRuns(this.o.pool, expired.map((r) => lostEnd(r, true, 'stopped renewing its lease')));
      await failStepsOfEndedRuns(this.o.pool, ended, 'its worker stopped during this step');
      if (ended.length > 0) this.o.log.warn({ runs: ended }, 'recovered runs whose worker stopped renewing the lease');
    } catch (err) {
      this.o.log.warn({ err: coerceError(err) }, 'recovering lost runs failed');
    }
  }

  /** Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.timer);
      await this.current;
    })();
    return this.stopping;
  }
}
