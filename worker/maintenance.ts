import type pg from 'pg';
import type pino from 'pino';
import type { Db } from '../db/client';
import { pruneHistory, type PruneResult } from '../db/queries/maintenance/prune';
import { loadRetention } from '../lib/settings/retention-store';
import { retentionCutoffs } from '../lib/settings/retention';
import { coerceError } from '../lib/errors';

/** Only one worker prunes at a time; the others find the lock taken and skip the round. */
export const PRUNE_LOCK = 0x53756e6470; // "Sundp"
export const PRUNE_EVERY_MS = 10 * 60_000;

/** Whether a round is due: pure, so the timing is tested without timers. */
export function pruneDue(lastStartedAt: number | null, now: number, everyMs = PRUNE_EVERY_MS): boolean {
  return lastStartedAt === null || now - lastStartedAt >= everyMs;
}

type Options = { pool: pg.Pool; db: Db; log: pino.Logger; everyMs?: number; checkEveryMs?: number; pauseMs?: number };

/**
 * Prunes old history about every ten minutes (the first round a minute after start, so a
 * fleet restarting together does not all try at once). Errors are logged, never thrown.
 */
export class Maintenance {
  private timer: NodeJS.Timeout | undefined;
  private lastStartedAt: number | null = null;
  private current: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  constructor(private readonly o: Options) {}

  start(): void {
    this.lastStartedAt = Date.now() - (this.o.everyMs ?? PRUNE_EVERY_MS) + 60_000;
    this.timer = setInterval(() => this.maybeRun(), this.o.checkEveryMs ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    clearInterval(this.timer);
    await this.current;
  }

  private maybeRun(): void {
    const now = Date.now();
    if (this.abort.signal.aborted || !pruneDue(this.lastStartedAt, now, this.o.everyMs)) return;
    this.lastStartedAt = now;
    this.current = this.runOnce()
      .then((result) => {
        if (result && Object.values(result).some((c) => c.deleted > 0)) this.o.log.info({ pruned: result }, 'pruned old history');
      })
      .catch((err: unknown) => this.o.log.error({ err: coerceError(err) }, 'pruning old history failed'));
  }

  /** One round under the advisory lock; null when another worker holds it. */
  async runOnce(): Promise<PruneResult | null> {
    const client = await this.o.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean; now: Date }>('select pg_try_advisory_lock($1) as locked, now() as now', [PRUNE_LOCK]);
      if (!rows[0]!.locked) return null;
      try {
        const retention = await loadRetention(this.o.db);
        // The database clock decides what is old, like everything else in the engine.
        return await pruneHistory(client, { ...retentionCutoffs(rows[0]!.now, retention), now: rows[0]!.now, pauseMs: this.o.pauseMs ?? 50, signal: this.abort.signal });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [PRUNE_LOCK]);
      }
    } finally {
      client.release();
    }
  }
}
