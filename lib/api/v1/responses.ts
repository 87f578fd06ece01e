import { z } from 'zod';
import { runStatuses, runTriggers, stepStatuses, workerStatuses } from '../../../db/schema';
import { scheduleSchema } from '../../schedules';
import { notifySchema } from '../../tasks/input';
import { policySchema } from '../../tasks/policy';
import { finishResponse, heartbeatResponse, remoteClaimResponse, runReportResponse } from './remote-responses';

// What the core endpoints answer, for the OpenAPI document. These describe taskJson() and
// runJson(); tests/integration/api/openapi.test.ts validates real answers against the
// document, so a field added to one and not the other fails there.

const instant = z.iso.datetime({ offset: true });

export const taskResponse = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    handler: z.string(),
    config: z.record(z.string(), z.unknown()),
    schedule: scheduleSchema,
    enabled: z.boolean(),
    policy: policySchema,
    notify: notifySchema,
    version: z.int().describe('Send it back with PUT; a stale one gets 409'),
    nextRunAt: instant.nullable(),
    lastRunAt: instant.nullable(),
    lastStatus: z.enum(runStatuses).nullable(),
    totals: z.object({ runs: z.int(), succeeded: z.int(), failed: z.int(), consecutiveFailures: z.int() }).strict(),
    createdAt: instant,
    updatedAt: instant,
    warnings: z
      .array(z.object({ field: z.string(), message: z.string() }).strict())
      .optional()
      .describe('Only in the answer to a save: what will fail at run time as the deployment stands, e.g. an address SUNDIAL_OUTBOUND_ALLOW does not allow yet'),
  })
  .strict();

const stepResponse = z
  .object({
    idx: z.int(),
    name: z.string(),
    status: z.enum(stepStatuses),
    startedAt: instant.nullable(),
    finishedAt: instant.nullable(),
    durationMs: z.int().nullable(),
    result: z.unknown(),
    error: z.string().nullable(),
    reason: z.string().nullable().describe('Why it was skipped'),
    reusedFrom: z.int().nullable().describe('The earlier attempt whose result this step kept: a retry does not run a finished step again'),
  })
  .strict();

export const runResponse = z
  .object({
    id: z.int(),
    taskId: z.uuid(),
    taskName: z.string().optional(),
    trigger: z.enum(runTriggers),
    triggeredBy: z.string().nullable(),
    status: z.enum(runStatuses),
    partial: z.boolean().describe('Succeeded, but some of its items failed: its result reports items with failed > 0 (README "Batches")'),
    reason: z.string().nullable(),
    scheduledFor: instant,
    startedAt: instant.nullable(),
    finishedAt: instant.nullable(),
    lagMs: z.int().nullable(),
    durationMs: z.int().nullable(),
    attempt: z.int(),
    rootRunId: z.int().nullable().describe('The first attempt of a retry chain'),
    workerId: z.string().nullable(),
    params: z.unknown(),
    testMode: z.boolean(),
    progress: z.unknown(),
    errorMessage: z.string().nullable(),
    result: z.unknown().optional().describe('Only on GET /runs/{id}'),
    errorStack: z.string().nullable().optional().describe('Only on GET /runs/{id}'),
    cancelRequestedAt: instant.nullable().optional().describe('Only on GET /runs/{id}'),
    steps: z.array(stepResponse).optional().describe('Only on GET /runs/{id}: its pipeline steps and ctx.step() calls, in order'),
  })
  .strict();

export const queuedResponse = z.object({ runId: z.int().describe('GET /runs/{runId} follows it') }).strict();

const workerResponse = z
  .object({
    id: z.string(),
    hostname: z.string(),
    pid: z.int(),
    version: z.string(),
    status: z.enum(workerStatuses),
    startedAt: instant,
    lastHeartbeatAt: instant,
    secondsSinceHeartbeat: z.int().describe('On the database clock'),
    concurrency: z.int(),
    runningCount: z.int(),
    schedulerEnabled: z.boolean(),
    queues: z.array(z.string()).nullable().describe('A remote worker (id remote:<name>) and the queues it claims from; null for an in-process worker'),
    stoppedAt: instant.nullable(),
    live: z.boolean().describe('A heartbeat within the live window, and not stopped'),
  })
  .strict();

const queueResponse = z
  .object({
    depth: z.int().min(0).describe('Queued runs a worker could start now'),
    waiting: z.int().min(0).describe('Queued runs deferred to later: retry backoff or a rate limit'),
    oldestAgeSeconds: z.int().min(0).nullable().describe('Whole seconds (rounded down, database clock) since the oldest of the depth runs became runnable; null when depth is 0'),
  })
  .strict();

export const workersResponse = z
  .object({
    items: z.array(workerResponse).describe('Workers seen in the last day, by id'),
    queue: queueResponse.describe('The backlog: runs waiting for a worker'),
  })
  .strict();

export const secretResponse = z
  .object({
    name: z.string(),
    set: z.literal(true).describe('A value is stored; the value itself is never returned'),
    keyId: z.string().describe('Which SUNDIAL_SECRET_KEY sealed the value (see key rotation in the README)'),
    createdAt: instant,
    createdBy: z.string(),
    updatedAt: instant,
    updatedBy: z.string(),
    lastUsedAt: instant.nullable().describe('When a worker last resolved it for a run'),
  })
  .strict();

export const secretListResponse = z.object({ items: z.array(secretResponse) }).strict();

export const incidentResponse = z
  .object({
    id: z.uuid(),
    task: z.object({ id: z.uuid(), name: z.string() }).strict(),
    status: z.enum(['open', 'resolved']),
    openedAt: instant,
    resolvedAt: instant.nullable(),
    firstFailedAt: instant.describe('When the first failed slot of the streak ended'),
    firstRunId: z.int().nullable(),
    lastRunId: z.int().nullable(),
    failedRuns: z.int().describe('Failed slots so far; a retry chain counts once'),
    lastError: z.string().nullable(),
    acknowledged: z.object({ at: instant, by: z.string().nullable().describe('The user, or null for an API key (see the audit log)'), note: z.string().nullable() }).strict().nullable(),
    lastReminderAt: instant.nullable(),
  })
  .strict();

export const channelResponse = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(['email', 'slack', 'webhook']),
    config: z.record(z.string(), z.unknown()).describe('What may be shown: email {to}, webhook {url}, Slack {}'),
    secretSet: z.boolean().describe('Whether the write-only part (Slack URL, webhook signing secret) is stored; it is never returned'),
    enabled: z.boolean(),
    isDefault: z.boolean().describe('Tasks that pick no channel notify the default ones'),
    signingSecret: z.string().optional().describe('A webhook channel\'s whsec_ signing secret: only in the answers to create and rotate-secret'),
    warnings: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('URLs SUNDIAL_OUTBOUND_ALLOW refuses today: saved, but deliveries will fail until it allows them'),
    createdAt: instant,
    updatedAt: instant,
  })
  .strict();

export const channelListResponse = z.object({ items: z.array(channelResponse) }).strict();

export const deliveryResponse = z
  .object({
    id: z.number().int(),
    channelId: z.uuid().nullable(),
    channelName: z.string().nullable(),
    target: z.string().nullable().describe('Where a message without a channel goes: an email address or URL'),
    event: z.string(),
    status: z.enum(['pending', 'sent', 'dead']),
    attempts: z.number().int(),
    nextAttemptAt: instant,
    lastError: z.string().nullable(),
    sentAt: instant.nullable(),
    taskId: z.uuid().nullable(),
    createdAt: instant,
  })
  .strict();

export const deliveryPageResponse = z.object({ items: z.array(deliveryResponse), nextCursor: z.string().nullable() }).strict();

/** Named in the OpenAPI document's components; a page of either is `{items, nextCursor}` (tasks add `total`). */
export const responseSchemas = {
  Task: taskResponse,
  Run: runResponse,
  Queued: queuedResponse,
  Workers: workersResponse,
  Secret: secretResponse,
  Secrets: secretListResponse,
  Incident: incidentResponse,
  Channel: channelResponse,
  Channels: channelListResponse,
  Delivery: deliveryResponse,
  DeliveryPage: deliveryPageResponse,
  RemoteClaim: remoteClaimResponse,
  Heartbeat: heartbeatResponse,
  RunReport: runReportResponse,
  Finish: finishResponse,
};
export type ResponseName = keyof typeof responseSchemas | 'TaskPage' | 'RunPage' | 'IncidentPage';
