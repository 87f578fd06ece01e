import { HandedOverError, MovedToQueueError, NonRetryableError, RateLimitedError } from '../../lib/engine/errors';
import { coerceError } from '../../lib/errors';
import { pipelineConfigSchema } from '../../lib/pipeline/config';
import { defineTask } from '../define';

/**
 * Ordered steps, each another handler with its own config. Every step is a ctx.step(), so
 * its status, result, duration and log lines are recorded, and a retry keeps the steps an
 * earlier attempt finished and starts at the one that failed.
 */
export const pipeline = defineTask({
  key: 'pipeline',
  title: 'Pipeline',
  description:
    'Runs steps in order, each a handler with its own config (http, sql, command, …). Each step gets the earlier steps’ results (ctx.steps; the http envelope’s "steps"). A failing step fails the run and skips the rest; a retry resumes at the failed step.',
  configSchema: pipelineConfigSchema,
  run: async (ctx) => {
    const steps = ctx.config.steps;
    for (const [i, step] of steps.entries()) {
      const skip = ctx.testMode && step.skipInTestMode ? 'test mode' : undefined;
      try {
        await ctx.step(step.name, () => (step.handler === 'remote' ? toQueue(step.config) : ctx.call(step.handler, step.config).catch(noHandOver)), { skip });
      } catch (err) {
        // Deferred by a rate limit, or moved to a remote step's queue: the same attempt goes on later from this step.
        if (err instanceof RateLimitedError || err instanceof MovedToQueueError) throw err;
        const later = steps.slice(i + 1).map((s) => s.name);
        for (const name of later) await ctx.step(name, () => undefined, { skip: `step "${step.name}" failed` });
        const error = coerceError(err);
        error.message = `step "${step.name}" failed: ${error.message}`;
        throw error;
      }
    }
    return Object.fromEntries(steps.map((s) => [s.name, ctx.steps[s.name] ?? null]));
  },
});

// A step's run cannot be handed to an app (an http 202 with asyncCompletion): the pipeline
// would never learn the outcome and run the steps after it. Saves refuse it; this is for a
// config stored before that rule.
function noHandOver(err: unknown): never {
  if (err instanceof HandedOverError) throw new NonRetryableError('a pipeline step cannot wait for an app to report back (asyncCompletion): turn it off for this step');
  throw err;
}

// A remote step: the run moves to the step's queue; the remote worker's finish records the
// step and sends the run back here, where the pipeline goes on with the step's result kept.
function toQueue(config: Record<string, unknown>): never {
  throw new MovedToQueueError(String(config.queue));
}
