import type pg from 'pg';
import type pino from 'pino';
import { endRuns, type RunEnd } from '../../db/queries/engine/end-runs';
import { coerceError } from '../../lib/errors';
import { durably } from './durable';

type Pending = { end: RunEnd; resolve: (outcome: 'ended' | 'late' | 'gone') => void };

// One statement ends at most this many runs; more wait for the next.
const BATCH = 500;

/**
 * Writes the ends of runs in batches: ends that arrive while a batch is being written go
 * together in the next one, so a busy worker writes one statement for many runs (the idea of
 * graphile-worker's batched completion), and an idle one writes each end at once. A batch
 * that fails for a transient reason is written again until it lands (fenced, so harmless).
 */
export class Completer {
  private queue: Pending[] = [];
  private writing: Promise<void> | undefined;
  private giveUp = false;

  constructor(private readonly o: { pool: pg.Pool; log: pino.Logger; onDbFailure: (err: unknown) => void }) {}

  /** Resolves once the end is recorded: 'ended', 'late' (the lease had been lost) or 'gone' (nothing to end). */
  end(end: RunEnd): Promise<'ended' | 'late' | 'gone'> {
    return new Promise((resolve) => {
      this.queue.push({ end, resolve });
      this.writing ??= this.drainQueue();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private async drainQueue(): Promise<void> {
    // Let ends that finish in the same turn of the event loop join this batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH);
      try {
        const result = await durably(() => endRuns(this.o.pool, batch.map((p) => p.end)), {
          log: this.o.log,
          what: 'recording the end of runs',
          keepTrying: () => !this.giveUp,
          onFailure: this.o.onDbFailure,
        });
        const ended = new Set(result.ended);
        const late = new Set(result.late);
        for (const p of batch) p.resolve(ended.has(p.end.runId) ? 'ended' : late.has(p.end.runId) ? 'late' : 'gone');
      } catch (err) {
        this.o.log.error({ err: coerceError(err), runs: batch.map((p) => p.end.runId) }, 'could not record the end of runs; their leases will expire and they will be retried');
        for (const p of batch) p.resolve('gone');
      }
    }
    this.writing = undefined;
  }

  /** Wait for queued ends; past `timeoutMs` stop retrying (a database that stays away). */
  async stop(timeoutMs: number): Promise<void> {
    const timer = setTimeout(() => (this.giveUp = true), timeoutMs);
    while (this.writing) await this.writing;
    clearTimeout(timer);
  }
}
