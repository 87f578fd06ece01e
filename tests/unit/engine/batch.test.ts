import { describe, expect, it } from 'vitest';
import { RunAbortedError } from '../../../lib/engine/errors';
import { runBatch } from '../../../worker/runner/batch';

// The parts of ctx.batch that need no database (no rate-limit key).

function fakeContext(controller = new AbortController()) {
  const logs: { message: string; level?: string }[] = [];
  const progress: Record<string, unknown>[] = [];
  const ctx = {
    runId: 1,
    taskId: 'task',
    signal: controller.signal,
    log: (message: string, level?: string) => logs.push({ message, level }),
    progress: (p: Record<string, unknown>) => progress.push(p),
    checkpoint: () => controller.signal.throwIfAborted(),
    get db(): never {
      throw new Error('no database in these tests');
    },
  };
  return { ctx, logs, progress, controller };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('runBatch', () => {
  it('a failing item is recorded and the others go on', async () => {
    const { ctx, logs, progress } = fakeContext();
    const seen: number[] = [];
    const result = await runBatch(ctx, range(5), async (item, index) => {
      seen.push(index);
      if (item % 2 === 1) throw new Error(`item ${item} broke`);
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(result).toEqual({ total: 5, succeeded: 3, failed: 2, skipped: 0, failures: [{ item: 1, error: 'item 1 broke' }, { item: 3, error: 'item 3 broke' }] });
    expect(progress.at(-1)).toEqual({ done: 5, total: 5 });
    expect(logs.at(-1)).toEqual({ message: 'batch: 3 of 5 items succeeded, 2 failed, 0 skipped', level: 'warn' });
  });

  it('keeps the first 100 failures and counts them all', async () => {
    const { ctx } = fakeContext();
    const result = await runBatch(ctx, range(150), async (item) => {
      throw new Error(`no ${item}`);
    }, { concurrency: 10 });
    expect(result.failed).toBe(150);
    expect(result.failures).toHaveLength(100);
    expect(result.failures[0]).toEqual({ item: 0, error: 'no 0' });
  });

  it('runs at most `concurrency` items at once', async () => {
    const { ctx } = fakeContext();
    let running = 0;
    let most = 0;
    await runBatch(ctx, range(12), async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    }, { concurrency: 3 });
    expect(most).toBe(3);
  });

  it('on abort, items not started (or cut short) are skipped, and the abort is rethrown after the count', async () => {
    const { ctx, logs, progress, controller } = fakeContext();
    const started: number[] = [];
    const batch = runBatch(ctx, range(10), async (item) => {
      started.push(item);
      if (item === 2) {
        controller.abort(new RunAbortedError('timeout'));
        throw new Error('stopped halfway');
      }
    });
    await expect(batch).rejects.toThrow('timed out');
    expect(started).toEqual([0, 1, 2]);
    expect(progress.at(-1)).toEqual({ done: 10, total: 10 });
    expect(logs.at(-1)!.message).toBe('batch: 2 of 10 items succeeded, 0 failed, 8 skipped');
  });

  it('refuses bad options before any item runs', async () => {
    const { ctx } = fakeContext();
    let ran = false;
    const run = () => runBatch(ctx, range(3), async () => void (ran = true), { concurrency: 0 });
    await expect(run()).rejects.toThrow('ctx.batch options: concurrency');
    expect(ran).toBe(false);
  });
});
