import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Column names come from the keys in snake_case (see db/client.ts and drizzle.config.ts).
// Every timestamp is timestamptz and every default uses the database clock: Postgres is
// the only clock Sundial trusts (DESIGN.md, invariant 1).

const tz = () => timestamp({ withTimezone: true, mode: 'date' });
const timestamps = {
  createdAt: tz().notNull().defaultNow(),
  updatedAt: tz()
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => sql`now()`),
};
const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export const roles = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const runTriggers = ['schedule', 'catch_up', 'manual', 'api', 'retry'] as const;
export type RunTrigger = (typeof runTriggers)[number];

export const runStatuses = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'cancelled',
  'skipped',
  'missed',
  'lost',
] as const;
export type RunStatus = (typeof runStatuses)[number];

export const workerStatuses = ['running', 'draining', 'stopped'] as const;
export const outboxKinds = ['email', 'webhook'] as const;
export const outboxStatuses = ['pending', 'sent', 'dead'] as const;

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull().default(''),
    passwordHash: text().notNull(),
    role: text().$type<Role>().notNull(),
    disabledAt: tz(),
    lastSignInAt: tz(),
    passwordChangedAt: tz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    check('users_role_check', oneOf('role', roles)),
  ],
);

/** Failed and successful sign-ins, for throttling per account and IP across web processes. */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    createdAt: tz().notNull().defaultNow(),
  },
  (t) => [index('sign_in_attempts_email_ip_idx').on(t.email, t.ip, t.createdAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** The visible start of the key, shown in lists and the audit log. */
    prefix: text().notNull().unique(),
    /** Only a hash is stored; the secret is shown once at creation. */
    keyHash: text().notNull(),
    role: text().$type<Role>().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: tz(),
    lastUsedAt: tz(),
    revokedAt: tz(),
    ...timestamps,
  },
  () => [check('api_keys_role_check', oneOf('role', roles))],
);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    description: text().notNull().default(''),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    handler: text().notNull(),
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** {kind:"cron",expression,timezone} | {kind:"interval",everySeconds,anchor?} | {kind:"once",at} | {kind:"manual"} */
    schedule: jsonb().$type<Record<string, unknown>>().notNull(),
    policy: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    notify: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean().notNull().default(true),
    /** The next slot; NULL when disabled, manual, or a `once` that has fired. */
    nextRunAt: tz(),
    /** Optimistic concurrency for PUT: a stale version gets 409. */
    version: integer().notNull().default(1),
    lastRunAt: tz(),
    lastStatus: text().$type<RunStatus>(),
    totalRuns: integer().notNull().default(0),
    succeededCount: integer().notNull().default(0),
    failedCount: integer().notNull().default(0),
    consecutiveFailures: integer().notNull().default(0),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    // The scheduler tick scans only enabled tasks with a slot, oldest first.
    index('tasks_due_idx').on(t.nextRunAt).where(sql`${t.enabled} and ${t.nextRunAt} is not null`),
    index('tasks_tags_idx').using('gin', t.tags),
    check('tasks_last_status_check', sql`last_status is null or ${oneOf('last_status', runStatuses)}`),
  ],
);

export const runs = pgTable(
  'runs',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    trigger: text().$type<RunTrigger>().notNull(),
    /** A user id, an API key id, or "scheduler". */
    triggeredBy: text(),
    status: text().$type<RunStatus>().notNull().default('queued'),
    /** Why a run was skipped, missed or deferred. */
    reason: text(),
    scheduledFor: tz().notNull(),
    /** Not claimable before this instant: backoff and rate-limit deferral. */
    notBefore: tz().notNull().defaultNow(),
    startedAt: tz(),
    finishedAt: tz(),
    /** started_at - scheduled_for, kept for charts without recomputation. */
    lagMs: integer(),
    durationMs: integer(),
    attempt: integer().notNull().default(1),
    /** The first attempt of this chain; NULL on the first attempt itself. */
    rootRunId: bigint({ mode: 'number' }),
    workerId: text(),
    leaseExpiresAt: tz(),
    /** Copied from the task's policy when queued: starts are counted per key, across tasks. */
    rateLimitKey: text(),
    /** The latest ctx.progress() report, e.g. {done: 40, total: 100}. */
    progress: jsonb(),
    cancelRequestedAt: tz(),
    params: jsonb().$type<Record<string, unknown>>(),
    testMode: boolean().notNull().default(false),
    result: jsonb(),
    errorMessage: text(),
    errorStack: text(),
    ...timestamps,
  },
  (t) => [
    // Invariant 2: each slot of a task runs once, however many workers tick. Manual,
    // API and retry runs are not slots and may share an instant.
    uniqueIndex('runs_task_slot_key')
      .on(t.taskId, t.scheduledFor)
      .where(sql`${t.trigger} in ('schedule', 'catch_up')`),
    index('runs_claim_idx').on(t.notBefore, t.id).where(sql`${t.status} = 'queued'`),
    index('runs_lease_idx').on(t.leaseExpiresAt).where(sql`${t.status} = 'running'`),
    index('runs_task_history_idx').on(t.taskId, t.id),
    index('runs_status_idx').on(t.status, t.id),
    index('runs_root_idx').on(t.rootRunId).where(sql`${t.rootRunId} is not null`),
    index('runs_created_idx').on(t.createdAt),
    // Concurrency checks (fire and claim) count a task's queued and running runs.
    index('runs_active_idx').on(t.taskId, t.status).where(sql`${t.status} in ('queued', 'running')`),
    // Rate limits count a key's starts in a sliding window.
    index('runs_rate_limit_idx').on(t.rateLimitKey, t.startedAt).where(sql`${t.rateLimitKey} is not null`),
    check('runs_trigger_check', oneOf('trigger', runTriggers)),
    check('runs_status_check', oneOf('status', runStatuses)),
    check('runs_attempt_check', sql`attempt >= 1`),
  ],
);

// Append-only tables (run_logs, audit_log, sign_in_attempts) keep created_at only:
// at millions of rows an updated_at that never changes is pure weight.
export const runLogs = pgTable(
  'run_logs',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runId: bigint({ mode: 'number' })
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** Per-run sequence number, for tailing with ?after=<seq>. */
    seq: integer().notNull(),
    level: text().notNull().default('info'),
    message: text().notNull(),
    createdAt: tz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('run_logs_run_seq_key').on(t.runId, t.seq)],
);

export const workers = pgTable(
  'workers',
  {
    /** SUNDIAL_WORKER_ID, or host-pid. A restart with the same id reuses the row. */
    id: text().primaryKey(),
    hostname: text().notNull(),
    pid: integer().notNull(),
    version: text().notNull(),
    status: text().$type<(typeof workerStatuses)[number]>().notNull().default('running'),
    schedulerEnabled: boolean().notNull().default(true),
    concurrency: integer().notNull().default(1),
    runningCount: integer().notNull().default(0),
    startedAt: tz().notNull().defaultNow(),
    lastHeartbeatAt: tz().notNull().defaultNow(),
    stoppedAt: tz(),
    ...timestamps,
  },
  (t) => [
    index('workers_heartbeat_idx').on(t.lastHeartbeatAt),
    check('workers_status_check', oneOf('status', workerStatuses)),
  ],
);

/** The handler catalog that workers publish, so the web app never imports handler code. */
export const handlers = pgTable('handlers', {
  key: text().primaryKey(),
  title: text().notNull(),
  description: text().notNull().default(''),
  configSchema: jsonb().notNull(),
  publishedBy: text(),
  ...timestamps,
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorType: text().$type<'user' | 'api_key' | 'system'>().notNull(),
    actorId: text(),
    /** A user's email, or an API key's name and prefix, as it was at the time. */
    actorLabel: text().notNull(),
    ip: text(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    /** Before and after JSON, with secrets redacted before insert. */
    before: jsonb(),
    after: jsonb(),
    createdAt: tz().notNull().defaultNow(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    check('audit_log_actor_type_check', oneOf('actor_type', ['user', 'api_key', 'system'])),
  ],
);

/** Every email and webhook goes through here, so an SMTP outage delays an alert but never loses it. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text().$type<(typeof outboxKinds)[number]>().notNull(),
    /** The same alert is queued at most once. */
    dedupeKey: text().unique(),
    payload: jsonb().notNull(),
    status: text().$type<(typeof outboxStatuses)[number]>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: tz().notNull().defaultNow(),
    lastError: text(),
    sentAt: tz(),
    ...timestamps,
  },
  (t) => [
    index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check('outbox_kind_check', oneOf('kind', outboxKinds)),
    check('outbox_status_check', oneOf('status', outboxStatuses)),
  ],
);

export const settings = pgTable('settings', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
});

/**
 * Daily rollups per task, updated as runs finish, so charts never scan runs.
 * duration_buckets is a fixed log-scale histogram, which is what makes p95 mergeable.
 */
export const taskStatsDaily = pgTable(
  'task_stats_daily',
  {
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    total: integer().notNull().default(0),
    succeeded: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    timedOut: integer().notNull().default(0),
    cancelled: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    missed: integer().notNull().default(0),
    lost: integer().notNull().default(0),
    durationMsSum: bigint({ mode: 'number' }).notNull().default(0),
    durationMsMax: integer().notNull().default(0),
    durationBuckets: integer().array().notNull().default(sql`'{}'::integer[]`),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.taskId, t.day] }), index('task_stats_daily_day_idx').on(t.day)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type SignInAttempt = typeof signInAttempts.$inferSelect;
export type NewSignInAttempt = typeof signInAttempts.$inferInsert;
export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;
export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
export type Run = typeof runs.$inferSelect;
export type NewRun = typeof runs.$inferInsert;
export type RunLog = typeof runLogs.$inferSelect;
export type NewRunLog = typeof runLogs.$inferInsert;
export type Worker = typeof workers.$inferSelect;
export type NewWorker = typeof workers.$inferInsert;
export type Handler = typeof handlers.$inferSelect;
export type NewHandler = typeof handlers.$inferInsert;
export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
export type OutboxMessage = typeof outbox.$inferSelect;
export type NewOutboxMessage = typeof outbox.$inferInsert;
export type Setting = typeof settings.$inferSelect;
export type NewSetting = typeof settings.$inferInsert;
export type TaskStatsDay = typeof taskStatsDaily.$inferSelect;
export type NewTaskStatsDay = typeof taskStatsDaily.$inferInsert;
