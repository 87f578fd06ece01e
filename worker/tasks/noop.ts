import { z } from 'zod';
import { defineTask } from '../define';

export const noop = defineTask({
  key: 'noop',
  title: 'No-op',
  description: 'Does nothing and succeeds. For trying schedules and measuring the engine.',
  configSchema: z.object({}),
  run: () => ({ ok: true }),
});
