// The task form's state: text for every input (so half-typed numbers survive), and how a
// stored task (the API's task JSON) fills it.

import type { Schedule } from '../schedules/schema';
import { defaultPolicy, readPolicy, type Policy } from '../tasks/policy';
import { defaultsFromSchema, fieldsFromSchema, type ConfigValues } from './config-fields';
import { configToJson, valuesFromConfig } from './config-values';
import { defaultDraft, draftFromSchedule, type ScheduleDraft } from './schedule-draft';

/** What the form reads of a task: the API's task JSON. */
export type TaskForForm = {
  id: string;
  name: string;
  description: string;
  tags: string[];
  handler: string;
  config: Record<string, unknown>;
  schedule: Schedule;
  enabled: boolean;
  policy: Record<string, unknown>;
  notify: Record<string, unknown>;
  version: number;
};

export type HandlerEntry = { key: string; title: string; description: string; configSchema: unknown };

export const POLICY_NUMBERS = ['misfireGraceSeconds', 'catchUpMax', 'maxConcurrent', 'maxAttempts', 'backoffSeconds', 'backoffMaxSeconds', 'timeoutSeconds'] as const;
export type PolicyNumber = (typeof POLICY_NUMBERS)[number];

export type FormState = {
  name: string;
  description: string;
  tags: string;
  enabled: boolean;
  handler: string;
  /** "fields": one input per config property; "json": the whole config as JSON text. */
  configMode: 'fields' | 'json';
  configValues: ConfigValues;
  configJson: string;
  /** Config keys the fields do not show (set through the API), kept as they are. */
  configBase: Record<string, unknown>;
  schedule: ScheduleDraft;
  policy: Record<PolicyNumber, string> & { misfire: Policy['misfire']; concurrency: Policy['concurrency'] };
  rateLimit: { on: boolean; key: string; max: string; perSeconds: string };
  notify: NotifyState;
};

export const NOTIFY_EVENTS = ['failure', 'recovery', 'success', 'missed'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** The notification policy: channel ids (none: the default channels), event switches, and numbers as text. */
export type NotifyState = Record<NotifyEvent, boolean> & { channels: string[]; incidentAfter: string; incidentOnPartial: boolean; remindEveryHours: string; callbackUrl: string };

/** A channel the form offers (lib/api/v1 or db/queries/task-channels.ts). */
export type ChannelOption = { id: string; name: string; kind: string; enabled: boolean; isDefault: boolean };

/** The config inputs for a handler, defaults prefilled, over an existing config if any. */
export function configState(entry: HandlerEntry | undefined, config?: Record<string, unknown>): Pick<FormState, 'configMode' | 'configValues' | 'configJson' | 'configBase'> {
  const fields = entry ? fieldsFromSchema(entry.configSchema) : null;
  const merged = { ...(entry ? defaultsFromSchema(entry.configSchema) : {}), ...config };
  if (!fields) return { configMode: 'json', configValues: {}, configJson: configToJson(config ?? merged), configBase: {} };
  const shown = new Set(fields.map((f) => f.key));
  const configBase = Object.fromEntries(Object.entries(config ?? {}).filter(([k]) => !shown.has(k)));
  return { configMode: 'fields', configValues: valuesFromConfig(fields, merged), configJson: configToJson(merged), configBase };
}

function policyState(stored: Record<string, unknown> | undefined): Pick<FormState, 'policy' | 'rateLimit'> {
  const p = stored ? readPolicy(stored) : defaultPolicy;
  const numbers = Object.fromEntries(POLICY_NUMBERS.map((k) => [k, String(p[k])])) as Record<PolicyNumber, string>;
  return {
    policy: { ...numbers, misfire: p.misfire, concurrency: p.concurrency },
    rateLimit: p.rateLimit
      ? { on: true, key: p.rateLimit.key, max: String(p.rateLimit.max), perSeconds: String(p.rateLimit.perSeconds) }
      : { on: false, key: '', max: '100', perSeconds: '3600' },
  };
}

function notifyState(stored: Record<string, unknown> | undefined): NotifyState {
  const n = stored ?? {};
  const events = (n.events ?? {}) as Record<string, unknown>;
  return {
    channels: Array.isArray(n.channels) ? n.channels.filter((c): c is string => typeof c === 'string') : [],
    failure: events.failure !== false,
    recovery: events.recovery !== false,
    success: events.success === true,
    missed: events.missed !== false,
    incidentAfter: String(typeof n.incidentAfter === 'number' ? n.incidentAfter : 1),
    incidentOnPartial: n.incidentOnPartial === true,
    remindEveryHours: typeof n.remindEveryHours === 'number' ? String(n.remindEveryHours) : '',
    callbackUrl: typeof n.callbackUrl === 'string' ? n.callbackUrl : '',
  };
}

/** A new task's form (no task) or an existing task's. */
export function stateFromTask(task: TaskForForm | null, handlers: HandlerEntry[], viewerZone: string): FormState {
  const handler = task?.handler ?? '';
  return {
    name: task?.name ?? '',
    description: task?.description ?? '',
    tags: (task?.tags ?? []).join(', '),
    enabled: task?.enabled ?? true,
    handler,
    ...configState(
      handlers.find((h) => h.key === handler),
      task?.config,
    ),
    schedule: task ? draftFromSchedule(task.schedule, viewerZone) : defaultDraft(viewerZone),
    ...policyState(task?.policy),
    notify: notifyState(task?.notify),
  };
}
