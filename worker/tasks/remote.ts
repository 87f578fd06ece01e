import { z } from 'zod';
import { NonRetryableError } from '../../lib/engine/errors';
import { queueName } from '../../lib/remote/queue-name';
import { defineTask } from '../define';

export const remote = defineTask({
  key: 'remote',
  title: 'Remote worker',
  description: 'Runs wait on a named queue until a remote worker (any language; a Python client ships with Sundial) claims one over the API with a worker API key granted that queue.',
  configSchema: z
    .object({
      queue: queueName(),
      settings: z
        .record(z.string().min(1).max(100), z.string().max(10_000))
        .default({})
        .describe('Handed to the worker as config.settings; a value may use {{secrets.NAME}}, resolved for the worker'),
    })
    .strict(),
  run: ({ config }) => {
    // Runs of remote tasks carry their queue, and in-process workers never claim those.
    throw new NonRetryableError(`this run belongs to remote queue "${config.queue}" and should never have reached an in-process worker`);
  },
});
