import { z } from 'zod';
import { NonRetryableError } from '../../lib/engine/errors';
import { defineTask } from '../define';

export const sleep = defineTask({
  key: 'sleep',
  title: 'Sleep',
  description: 'Waits, then succeeds or fails as configured. For demos and tests of timeouts, overlap and crashes.',
  configSchema: z.object({
    seconds: z.number().min(0).max(86_400).default(1),
    /** Wait in a child process (`sleep N`), to show that a timeout kills child processes too. */
    childProcess: z.boolean().default(false),
    /** Fail at the end instead of succeeding. */
    fail: z.boolean().default(false),
  }),
  run: async (ctx) => {
    const { seconds, childProcess, fail } = ctx.config;
    ctx.log(`sleeping ${seconds}s${childProcess ? ' in a child process' : ''}`);
    if (childProcess) {
      const child = ctx.spawn('sleep', [String(seconds)]);
      ctx.log(`child process ${child.pid}`);
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sleep exited with ${code}`))));
        child.once('error', reject);
      });
    } else {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, seconds * 1000);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        });
      });
    }
    if (fail) throw new NonRetryableError('failed on purpose (config.fail)');
    return { slept: seconds };
  },
});
