import { z } from 'zod';
import { policySchema } from './policy';

export const notifySchema = z.object({
  onFailure: z.boolean().default(true),
  onRecovery: z.boolean().default(true),
  onSuccess: z.boolean().default(false),
  emails: z.array(z.email()).max(50).default([]),
  webhookUrl: z.url().optional(),
});

/** A task as clients send it. The schedule is checked by validateSchedule for field-level messages. */
export const taskInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(''),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
  handler: z.string().trim().min(1).max(100),
  config: z.record(z.string(), z.unknown()).default({}),
  schedule: z.unknown(),
  enabled: z.boolean().default(true),
  policy: policySchema.default(policySchema.parse({})),
  notify: notifySchema.default(notifySchema.parse({})),
});

export type TaskInput = z.input<typeof taskInputSchema>;
export type FieldError = { field: string; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[]; conflict?: boolean; notFound?: boolean };

export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}
