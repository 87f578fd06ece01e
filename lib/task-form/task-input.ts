// The form's state as the task JSON the API takes, checked with the API's own zod schema and
// schedule validator, so most mistakes show before a request is sent.

import type { Schedule } from '../schedules/schema';
import { taskInputSchema, zodFieldErrors } from '../tasks/input';
import type { ConfigField } from './config-fields';
import { configFromJson, configFromValues } from './config-values';
import type { FieldError } from './errors';
import { POLICY_NUMBERS, type FormState } from './form-state';
import { modeHasZone, scheduleFromDraft } from './schedule-draft';

export type TaskBody = {
  name: string;
  description: string;
  tags: string[];
  enabled: boolean;
  handler: string;
  config: Record<string, unknown>;
  schedule: Schedule;
  policy: Record<string, unknown>;
  notify: Record<string, unknown>;
};

export type Limits = { minIntervalSeconds: number; now: Date };

function numberOr(text: string, field: string, errors: FieldError[]): number | undefined {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    errors.push({ field, message: 'must be a number' });
    return undefined;
  }
  return n;
}

function configOf(state: FormState, fields: ConfigField[] | null, errors: FieldError[]): Record<string, unknown> {
  if (state.configMode === 'json' || !fields) {
    const parsed = configFromJson(state.configJson);
    if ('error' in parsed) errors.push({ field: 'config', message: parsed.error });
    return 'config' in parsed ? parsed.config : {};
  }
  const { config, errors: found } = configFromValues(fields, state.configValues, state.configBase);
  errors.push(...found);
  return config;
}

function policyOf(state: FormState, errors: FieldError[]): Record<string, unknown> {
  const policy: Record<string, unknown> = { misfire: state.policy.misfire, concurrency: state.policy.concurrency };
  for (const key of POLICY_NUMBERS) policy[key] = numberOr(state.policy[key], `policy.${key}`, errors);
  const r = state.rateLimit;
  if (r.on) {
    policy.rateLimit = { key: r.key.trim(), max: numberOr(r.max, 'policy.rateLimit.max', errors), perSeconds: numberOr(r.perSeconds, 'policy.rateLimit.perSeconds', errors) };
  }
  return policy;
}

function notifyOf(state: FormState, errors: FieldError[]): Record<string, unknown> {
  const n = state.notify;
  const callbackUrl = n.callbackUrl.trim();
  return {
    channels: n.channels,
    events: { failure: n.failure, recovery: n.recovery, success: n.success, missed: n.missed },
    incidentAfter: numberOr(n.incidentAfter, 'notify.incidentAfter', errors),
    incidentOnPartial: n.incidentOnPartial,
    remindEveryHours: n.remindEveryHours.trim() === '' ? null : numberOr(n.remindEveryHours, 'notify.remindEveryHours', errors),
    ...(callbackUrl ? { callbackUrl } : {}),
  };
}

/** The request body for POST /tasks (PUT adds the version), or every problem found. */
export function taskInputFromState(state: FormState, fields: ConfigField[] | null, limits: Limits): { body: TaskBody } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (state.name.trim() === '') errors.push({ field: 'name', message: 'is required' });
  if (state.handler === '') errors.push({ field: 'handler', message: 'choose a handler' });
  const config = configOf(state, fields, errors);
  const scheduled = scheduleFromDraft(state.schedule, limits);
  if ('errors' in scheduled) errors.push(...scheduled.errors);
  const body = {
    name: state.name.trim(),
    description: state.description,
    tags: [...new Set(state.tags.split(',').map((t) => t.trim()).filter(Boolean))],
    enabled: state.enabled,
    handler: state.handler,
    config,
    schedule: 'schedule' in scheduled ? scheduled.schedule : ({ kind: 'manual' } as Schedule),
    policy: policyOf(state, errors),
    notify: notifyOf(state, errors),
  };
  const parsed = taskInputSchema.strict().safeParse(body);
  if (!parsed.success) {
    // One message per field: a number that did not parse is not also "expected number".
    const seen = new Set(errors.map((e) => e.field));
    errors.push(...zodFieldErrors(parsed.error).filter((e) => !seen.has(e.field)));
  }
  return errors.length ? { errors } : { body };
}

/** Inputs the form shows now, by the path of the field errors they answer for. */
export function inputPaths(state: FormState, fields: ConfigField[] | null): string[] {
  const s = state.schedule;
  const schedule: Record<typeof s.mode, string[]> = {
    cron: ['schedule.expression'],
    daily: ['schedule.time'],
    weekly: ['schedule.days', 'schedule.time'],
    interval: ['schedule.everySeconds', 'schedule.anchor'],
    once: ['schedule.at'],
    manual: [],
  };
  const config = state.configMode === 'json' || !fields ? ['config'] : fields.map((f) => `config.${f.key}`);
  const p = state.policy;
  return [
    'name',
    'description',
    'tags',
    'handler',
    ...config,
    ...schedule[s.mode],
    ...(modeHasZone(s.mode) ? ['schedule.timezone'] : []),
    'policy.misfire',
    'policy.misfireGraceSeconds',
    ...(p.misfire === 'catch_up' ? ['policy.catchUpMax'] : []),
    'policy.concurrency',
    ...(p.concurrency === 'allow' ? ['policy.maxConcurrent'] : []),
    'policy.maxAttempts',
    'policy.backoffSeconds',
    'policy.backoffMaxSeconds',
    'policy.timeoutSeconds',
    ...(state.rateLimit.on ? ['policy.rateLimit.key', 'policy.rateLimit.max', 'policy.rateLimit.perSeconds'] : []),
    'notify.channels',
    'notify.incidentAfter',
    'notify.remindEveryHours',
    'notify.callbackUrl',
  ];
}
