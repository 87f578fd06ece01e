import type pg from 'pg';
import { z } from 'zod';
import { pruneHistory, type PruneResult } from '../../db/queries/maintenance/prune';
import { readRetention, RETENTION_KEYS, retentionCutoffs } from '../../lib/settings/retention';
import { defineTask } from '../define';

export const PRUNE_HANDLER = 'sundial.prune';
/** One prune at a time across workers and tasks: another one finds the lock taken and skips. */
export const PRUNE_LOCK = 0x53756e6470; // "Sundp"

export const prune = defineTask({
  key: PRUNE_HANDLER,
  title: "Prune Sundial's history",
  description:
    'Deletes runs, log lines and sent messages older than the retention under Settings, in small batches that never lock a table for long. A test run counts what would go and deletes nothing.',
  configSchema: z.strictObject({
    maxBatches: z.number().int().min(1).max(1000).default(50).describe('At most this many batches of 1000 rows per table per run; the rest waits for the next run'),
  }),
  run: async (ctx) => {
    const client = await ctx.db.connect();
    try {
      const { rows } = await client.query<{ locked: boolean; now: Date }>('select pg_try_advisory_lock($1) as locked, now() as now', [PRUNE_LOCK]);
      if (!rows[0]!.locked) {
        ctx.log('another prune is running; this one skips', 'warn');
        return { skipped: true };
      }
      try {
        ctx.checkpoint();
        const deleted = await pruneOnce(client, rows[0]!.now, ctx.config.maxBatches, ctx.testMode, ctx.signal);
        const total = Object.values(deleted).reduce((n, c) => n + c.deleted, 0);
        ctx.log(`${ctx.testMode ? 'test mode: would delete' : 'deleted'} ${total} rows`);
        return { deleted: counts(deleted), done: Object.values(deleted).every((c) => c.done), testMode: ctx.testMode };
      } finally {
        await client.query('select pg_advisory_unlock($1)', [PRUNE_LOCK]);
      }
    } finally {
      client.release();
    }
  },
});

async function pruneOnce(client: pg.PoolClient, now: Date, maxBatches: number, testMode: boolean, signal: AbortSignal): Promise<PruneResult> {
  const { rows } = await client.query<{ key: string; value: unknown }>('select key, value from settings where key = any($1)', [Object.values(RETENTION_KEYS)]);
  // The database clock decides what is old, like everything else in the engine.
  const options = { ...retentionCutoffs(now, readRetention(rows)), now, maxBatches, signal };
  if (!testMode) return pruneHistory(client, { ...options, pauseMs: 50 });
  // A test run deletes inside a transaction it rolls back: the counts are what a real run would delete.
  await client.query('begin');
  try {
    return await pruneHistory(client, options);
  } finally {
    await client.query('rollback');
  }
}

const counts = (r: PruneResult) => Object.fromEntries(Object.entries(r).map(([table, c]) => [table, c.deleted]));
