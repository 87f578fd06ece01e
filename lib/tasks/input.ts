import { z } from 'zod';
import { outboundUrl } from '../outbound/url';
import { policySchema } from './policy';

export const notifyEventsSchema = z.object({
  /** An incident opened (and its reminders). */
  failure: z.boolean().default(true),
  /** An incident resolved. */
  recovery: z.boolean().default(true),
  /** Every successful run (run.succeeded). */
  success: z.boolean().default(false),
  /** A slot recorded `missed` by the misfire policy. */
  missed: z.boolean().default(true),
});

/** Who hears about a task, and of what. The channels are checked to exist when the task is saved. */
export const notifySchema = z.object({
  channels: z.array(z.uuid()).max(50).default([]).describe('Channel ids; empty: the default channels'),
  events: notifyEventsSchema.default(notifyEventsSchema.parse({})),
  incidentAfter: z.int().min(1).max(1000).default(1).describe('Failed slots in a row that open an incident; a retry chain counts once'),
  incidentOnPartial: z.boolean().default(false).describe('A partial run (it succeeded, but some of its items failed) counts as a failure for the incident'),
  remindEveryHours: z.number().min(1).max(24 * 30).nullable().default(null).describe('Remind while an incident is open and not acknowledged; null: never'),
  callbackUrl: outboundUrl().nullable().optional().describe('Receives a POST (run.finished) with the outcome and result of each run'),
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

/** Every field optional and without its default: what a PATCH names, and nothing else, changes. */
function patchOf<S extends z.ZodRawShape>(shape: S) {
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional()]),
  ) as { [K in keyof S]: z.ZodOptional<z.ZodType<z.output<S[K]>>> };
}

export const taskPatchSchema = z
  .object({
    ...patchOf(taskInputSchema.shape),
    policy: z.object(patchOf(policySchema.shape)).strict().optional(),
    notify: z.object({ ...patchOf(notifySchema.shape), events: z.object(patchOf(notifyEventsSchema.shape)).strict().optional() }).strict().optional(),
  })
  .strict();

export type TaskInput = z.input<typeof taskInputSchema>;
export type TaskPatch = z.output<typeof taskPatchSchema>;
export type FieldError = { field: string; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[]; conflict?: boolean; notFound?: boolean };

export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}
