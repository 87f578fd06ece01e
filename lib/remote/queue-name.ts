import { z } from 'zod';

/** A remote queue's name: what a remote task waits on and a worker key is granted. */
export const queueName = () =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit; at most 63')
    .describe('A remote queue, such as "bank-sync"');

export const queueList = () => z.array(queueName()).min(1).max(50);
