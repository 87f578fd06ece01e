import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { rateLimitOfKey, takeRateLimitStart, type RateLimit } from '../../db/queries/engine/rate-limit-events';
import { NonRetryableError } from '../../lib/engine/errors';
import { coerceError } from '../../lib/errors';
import { rateLimitSchema } from '../../lib/tasks/policy';
import type { BatchOptions, BatchResult, TaskContext } from '../define';

// ctx.batch: each item with its own error handling, optionally under a shared rate-limit key.

const MAX_FAILURES = 100;
const MAX_ERROR_CHARS = 1000;
const PROGRESS_EVERY_MS = 500;
// The window's oldest start leaves it strictly after oldest + per: wake just past that.
const WAKE_MARGIN_MS = 5;

const optionsSchema = z
  .object({
    concurrency: z.int().min(1).max(100).default(1),
    rateLimitKey: rateLimitSchema.shape.key.optional(),
    rateLimit: rateLimitSchema.pick({ max: true, perSeconds: true }).optional(),
  })
  .strict();

type BatchContext = Pick<TaskContext<unknown>, 'runId' | 'taskId' | 'signal' | 'log' | 'progress' | 'checkpoint' | 'db'>;
type Limited = { key: string; limit: RateLimit } | null;

export async function runBatch<T>(ctx: BatchContext, items: readonly T[], fn: (item: T, index: number) => Promise<unknown>, options: BatchOptions = {}): Promise<BatchResult<T>> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new NonRetryableError(`ctx.batch options: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const { concurrency, rateLimitKey, rateLimit } = parsed.data;
  const limited: Limited = rateLimitKey ? { key: rateLimitKey, limit: rateLimit ?? (await policyLimit(ctx, rateLimitKey)) } : null;

  const result: BatchResult<T> = { total: items.length, succeeded: 0, failed: 0, skipped: 0, failures: [] };
  let next = 0;
  let reportedAt = 0;
  const report = (force: boolean) => {
    if (!force && Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
    reportedAt = Date.now();
    ctx.progress({ done: result.succeeded + result.failed + result.skipped, total: result.total });
  };

  const lane = async () => {
    while (next < items.length && !ctx.signal.aborted) {
      const index = next++;
      const item = items[index] as T;
      try {
        if (limited) await takeStart(ctx, limited.key, limited.limit);
        ctx.checkpoint();
        await fn(item, index);
        result.succeeded++;
      } catch (err) {
        // An item cut short by the run's end did not fail: it is skipped with those never started.
        if (ctx.signal.aborted) result.skipped++;
        else failed(ctx, result, item, index, err);
      }
      report(false);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  result.skipped += items.length - next;
  report(true);
  ctx.log(`batch: ${result.succeeded} of ${result.total} items succeeded, ${result.failed} failed, ${result.skipped} skipped`, result.failed > 0 ? 'warn' : 'info');
  ctx.signal.throwIfAborted();
  return result;
}

function failed<T>(ctx: BatchContext, result: BatchResult<T>, item: T, index: number, err: unknown): void {
  result.failed++;
  if (result.failures.length >= MAX_FAILURES) return;
  const error = coerceError(err).message.slice(0, MAX_ERROR_CHARS);
  result.failures.push({ item, error });
  ctx.log(`batch item ${index} failed: ${error}`, 'warn');
}

async function policyLimit(ctx: BatchContext, key: string): Promise<RateLimit> {
  const limit = await rateLimitOfKey(ctx.db, key, ctx.taskId);
  if (!limit) throw new NonRetryableError(`ctx.batch: no task policy declares the rate-limit key "${key}"; give a policy that key, or pass rateLimit: { max, perSeconds }`);
  return limit;
}

/** Waits (abortably) until the key's window has room for one more start, then takes it. */
async function takeStart(ctx: BatchContext, key: string, limit: RateLimit): Promise<void> {
  for (;;) {
    ctx.signal.throwIfAborted();
    const start = await takeRateLimitStart(ctx.db, key, limit, ctx.runId);
    if (start.taken) return;
    await sleep(start.waitMs + WAKE_MARGIN_MS, undefined, { signal: ctx.signal });
  }
}
