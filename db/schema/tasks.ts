import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tz, timestamps, oneOf, runTriggers, runStatuses, type RunTrigger, type RunStatus } from './columns';
import { users } from './people';

/** Keep identical to the filter in db/queries/engine/end-runs.ts, or the index is not used. */
export const RUN_MESSAGES = sql.raw(`(notify->'events'->>'success' = 'true' or notify->>'callbackUrl' is not null)`);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    description: text().notNull().default(''),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    handler: text().notNull(),
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** {kind:"cron",expression,timezone} | {kind:"daily",time,timezone} | {kind:"weekly",days,time,timezone} | {kind:"interval",everySeconds,anchor?} | {kind:"once",at,timezone?} | {kind:"manual"} */
    schedule: jsonb().$type<Record<string, unknown>>().notNull(),
    policy: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    notify: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean().notNull().default(true),
    /** The next slot; NULL when disabled, manual, or a `once` that has fired. */
    nextRunAt: tz(),
    /** Optimistic concurrency for PUT: a stale version gets 409. */
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    // The scheduler tick scans only enabled tasks with a slot, oldest first.
    index('tasks_due_idx').on(t.nextRunAt).where(sql`${t.enabled} and ${t.nextRunAt} is not null`),
    index('tasks_tags_idx').using('gin', t.tags),
    // The few tasks whose every run end writes a message (run.succeeded, run.finished): the end
    // of runs probes this near-empty index instead of reading each task (end-runs.ts).
    index('tasks_run_messages_idx').on(t.id).where(sql`${RUN_MESSAGES}`),
  ],
);

/**
 * What the end of runs keeps per task. Apart from `tasks` so that finishing a run never
 * locks the row the scheduler and the editors lock: see db/queries/engine/lock-order.md.
 */
export const taskState = pgTable(
  'task_state',
  {
    taskId: uuid()
      .primaryKey()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    lastRunAt: tz(),
    lastStatus: text().$type<RunStatus>(),
    totalRuns: integer().notNull().default(0),
    succeededCount: integer().notNull().default(0),
    failedCount: integer().notNull().default(0),
    /** Failed slots in a row: a failed attempt followed by a retry is not counted (a retry chain counts once). */
    consecutiveFailures: integer().notNull().default(0),
    /** The first and the latest counted failure of the current streak, for the incident (no FK: the end of runs checks nothing more). */
    failingSinceRunId: bigint({ mode: 'number' }),
    lastFailedRunId: bigint({ mode: 'number' }),
    ...timestamps,
  },
  () => [check('task_state_last_status_check', sql`last_status is null or ${oneOf('last_status', runStatuses)}`)],
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
    /** Fencing token: bumped by every claim, so a worker that lost its lease cannot end the newer holder's attempt. */
    leaseEpoch: integer().notNull().default(0),
    /** Copied from the task's policy when queued: starts are counted per key, across tasks. */
    rateLimitKey: text(),
    /** A remote task's queue, copied from its config when queued: only remote workers granted it claim the run; NULL runs in-process. */
    queue: text(),
    /** The latest ctx.progress() report, e.g. {done: 40, total: 100}. */
    progress: jsonb(),
    cancelRequestedAt: tz(),
    params: jsonb().$type<Record<string, unknown>>(),
    testMode: boolean().notNull().default(false),
    result: jsonb(),
    /** Succeeded, but some of its items failed (a batch's result reported failures): amber, counted apart. */
    partial: boolean().notNull().default(false),
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
    index('runs_claim_idx').on(t.notBefore, t.id).where(sql`${t.status} = 'queued' and ${t.queue} is null`),
    index('runs_queue_claim_idx').on(t.queue, t.notBefore, t.id).where(sql`${t.status} = 'queued' and ${t.queue} is not null`),
    index('runs_lease_idx').on(t.leaseExpiresAt).where(sql`${t.status} = 'running'`),
    // History reads walk one of these newest first, (scheduled_for, id) descending, and stop
    // at the page (lib/api/v1/run-queries.ts): all runs, or a time range, and the pruner's
    // oldest end; a task's; a task's in one final status; all in one final status. A run
    // writes an entry in each full index three times (insert, claim, end: a status change
    // is never a HOT update), so each earns its place by a read that otherwise walks or
    // sorts millions of rows. The two status ones hold ended runs only, one entry a run:
    // queued and running runs are few, and reads find them through the engine's indexes.
    index('runs_scheduled_idx').on(t.scheduledFor, t.id),
    index('runs_task_scheduled_idx').on(t.taskId, t.scheduledFor, t.id),
    index('runs_task_status_idx').on(t.taskId, t.status, t.scheduledFor, t.id).where(sql`${t.status} not in ('queued', 'running')`),
    index('runs_status_scheduled_idx').on(t.status, t.scheduledFor, t.id).where(sql`${t.status} not in ('queued', 'running')`),
    // The triggers that stay rare (missed slots, failures, people): the runs that schedules
    // and API clients queue by the thousand write nothing here. Filtering on `schedule` or
    // `api` walks the time indexes instead, quick wherever those runs are common.
    index('runs_trigger_idx').on(t.trigger, t.scheduledFor, t.id).where(sql`${t.trigger} in ('catch_up', 'retry', 'manual')`),
    index('runs_task_trigger_idx').on(t.taskId, t.trigger, t.scheduledFor, t.id).where(sql`${t.trigger} in ('catch_up', 'retry', 'manual')`),
    index('runs_root_idx').on(t.rootRunId).where(sql`${t.rootRunId} is not null`),
    // Concurrency checks (fire and claim) count a task's queued and running runs; a claim
    // that finds the oldest runs blocked walks the tasks with work by it, one probe a task.
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
    /** The run_steps index of the step that wrote the line; NULL outside steps. */
    step: smallint(),
    level: text().notNull().default('info'),
    message: text().notNull(),
    createdAt: tz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('run_logs_run_seq_key').on(t.runId, t.seq),
    // Retention prunes the oldest lines in small batches; without this each batch scans the table.
    index('run_logs_created_idx').on(t.createdAt),
  ],
);

export const stepStatuses = ['running', 'succeeded', 'failed', 'skipped'] as const;
export type StepStatus = (typeof stepStatuses)[number];

/**
 * A pipeline step or a ctx.step() of one attempt. Written by the worker's main thread,
 * fenced by the attempt's lease epoch like its end. A retry reads its chain's succeeded
 * steps (by root run) and copies them with `reused_from` instead of running them again.
 */
export const runSteps = pgTable(
  'run_steps',
  {
    runId: bigint({ mode: 'number' })
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    idx: smallint().notNull(),
    name: text().notNull(),
    status: text().$type<StepStatus>().notNull(),
    startedAt: tz(),
    finishedAt: tz(),
    durationMs: integer(),
    result: jsonb(),
    error: text(),
    /** Why it was skipped: test mode, or an earlier step failed. */
    reason: text(),
    /** The earlier attempt whose result this step kept instead of running again. */
    reusedFrom: bigint({ mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.idx] }), check('run_steps_status_check', oneOf('status', stepStatuses))],
);

/**
 * Starts counted against a shared rate-limit key besides runs' own starts: the items of
 * ctx.batch(). The claim's rate-limit count reads both; pruned once older than any window.
 */
export const rateLimitEvents = pgTable(
  'rate_limit_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull(),
    at: tz().notNull().defaultNow(),
    runId: bigint({ mode: 'number' }),
  },
  (t) => [index('rate_limit_events_key_at_idx').on(t.key, t.at)],
);

/** Upper bounds (ms) of the duration histogram kept per task and day; the last bucket is open. */
export const DURATION_BUCKETS_MS = [100, 300, 1_000, 3_000, 10_000, 30_000, 60_000, 180_000, 600_000, 1_800_000, 3_600_000] as const;

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
    /** Attempts that failed, timed out or were lost and were retried: the chain is counted once, by its last attempt, in the columns above. */
    retried: integer().notNull().default(0),
    /** Succeeded runs that reported failed items (also counted in succeeded). */
    partial: integer().notNull().default(0),
    durationMsSum: bigint({ mode: 'number' }).notNull().default(0),
    durationMsMax: integer().notNull().default(0),
    durationBuckets: integer().array().notNull().default(sql`'{}'::integer[]`),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.taskId, t.day] }), index('task_stats_daily_day_idx').on(t.day)],
);

/**
 * Every task's rollups summed per day, for the overview chart and GET /stats: at 10,000
 * tasks a month of task_stats_daily is 300,000 rows to add up on each read. Written by those
 * reads (lib/api/v1/overview.ts), never by the engine, so no run waits on it, and only for
 * days before yesterday, whose rollups change only when a run ends a day after its slot; a
 * sum older than a few minutes is summed again.
 */
export const statsDailyTotals = pgTable('stats_daily_totals', {
  day: date({ mode: 'string' }).primaryKey(),
  total: integer().notNull().default(0),
  succeeded: integer().notNull().default(0),
  /** failed + timed_out + lost, as the chart counts failures. */
  failed: integer().notNull().default(0),
  ...timestamps,
});

export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
export type Run = typeof runs.$inferSelect;
export type NewRun = typeof runs.$inferInsert;
export type RunLog = typeof runLogs.$inferSelect;
export type NewRunLog = typeof runLogs.$inferInsert;
export type TaskState = typeof taskState.$inferSelect;
export type NewTaskState = typeof taskState.$inferInsert;
export type TaskStatsDay = typeof taskStatsDaily.$inferSelect;
export type NewTaskStatsDay = typeof taskStatsDaily.$inferInsert;
export type StatsDailyTotal = typeof statsDailyTotals.$inferSelect;
export type NewStatsDailyTotal = typeof statsDailyTotals.$inferInsert;
