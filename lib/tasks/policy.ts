import { z } from 'zod';

export const rateLimitSchema = z.object({
  key: z.string().trim().min(1).max(200).describe('Shared by every task (on every worker) that names the same key'),
  max: z.number().int().min(1).max(100_000).describe('At most this many starts...'),
  perSeconds: z.number().int().min(1).max(30 * 86_400).describe('...in any window of this many seconds'),
});

/** A task's policies. Stored normalised (defaults filled in) so the claim SQL can read them directly. */
export const policySchema = z.object({
  misfire: z.enum(['coalesce', 'skip', 'catch_up']).default('coalesce'),
  misfireGraceSeconds: z.number().int().min(0).max(30 * 86_400).default(300),
  catchUpMax: z.number().int().min(1).max(1000).default(10),
  concurrency: z.enum(['forbid', 'queue', 'allow', 'replace']).default('forbid'),
  maxConcurrent: z.number().int().min(1).max(1000).default(1),
  maxAttempts: z.number().int().min(1).max(100).default(1),
  backoffSeconds: z.number().min(0).max(86_400).default(10),
  backoffMaxSeconds: z.number().min(0).max(7 * 86_400).default(3600),
  timeoutSeconds: z.number().min(1).max(7 * 86_400).default(3600),
  rateLimit: rateLimitSchema.optional(),
});

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

export const defaultPolicy: Policy = policySchema.parse({});

/** Read a stored policy, tolerating rows written before a field existed. */
export function readPolicy(stored: unknown): Policy {
  const parsed = policySchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : defaultPolicy;
}
