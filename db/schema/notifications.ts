import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channelKinds, incidentStatuses, oneOf, outboxStatuses, timestamps, tz, type ChannelKind } from './columns';
import { users } from './people';
import { runs, tasks } from './tasks';

/**
 * Named, reusable places a message can go. `config` holds what may be shown (email
 * recipients, a webhook's URL); `sealed` holds the write-only part, sealed like a secret
 * (lib/secrets/crypto.ts): the SMTP-less Slack incoming-webhook URL, or a webhook's signing
 * secret (`whsec_…`, shown once when the channel is created).
 */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    kind: text().$type<ChannelKind>().notNull(),
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    sealed: text(),
    keyId: text(),
    enabled: boolean().notNull().default(true),
    /** Tasks that pick no channel notify the default ones. */
    isDefault: boolean().notNull().default(false),
    ...timestamps,
  },
  () => [check('notification_channels_kind_check', oneOf('kind', channelKinds))],
);

/**
 * Every message goes through here, written in the same transaction as the event that caused
 * it, so an outage delays a message but never loses it. The sender renders `data` for the
 * channel at send time. `dedupe_key` makes each message queued once; the row id is what the
 * Message-ID and `webhook-id` are made of, so a resend is recognizable.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Null for a message with its own target (a task's callback URL, a user's own email). */
    channelId: uuid().references(() => notificationChannels.id, { onDelete: 'cascade' }),
    /** Where it goes when there is no channel: an email address or a URL. */
    target: text(),
    /** incident.opened, incident.resolved, incident.reminder, run.failed, run.succeeded, run.finished, slot.missed, workers.none, report.weekly, test */
    event: text().notNull(),
    dedupeKey: text().notNull().unique(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    taskId: uuid().references(() => tasks.id, { onDelete: 'set null' }),
    status: text().$type<(typeof outboxStatuses)[number]>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: tz().notNull().defaultNow(),
    lastError: text(),
    sentAt: tz(),
    ...timestamps,
  },
  (t) => [
    index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_created_idx').on(t.createdAt),
    check('outbox_status_check', oneOf('status', outboxStatuses)),
  ],
);

/** A task failing: opened after N consecutive failed slots, resolved by its next success. */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid()
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    status: text().$type<(typeof incidentStatuses)[number]>().notNull().default('open'),
    openedAt: tz().notNull().defaultNow(),
    resolvedAt: tz(),
    /** The first failed run of the streak, and when it failed. */
    firstRunId: bigint({ mode: 'number' }).references(() => runs.id, { onDelete: 'set null' }),
    firstFailedAt: tz().notNull(),
    lastRunId: bigint({ mode: 'number' }).references(() => runs.id, { onDelete: 'set null' }),
    failedRuns: integer().notNull().default(0),
    lastError: text(),
    acknowledgedAt: tz(),
    acknowledgedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    acknowledgeNote: text(),
    lastReminderAt: tz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('incidents_one_open_idx').on(t.taskId).where(sql`${t.status} = 'open'`),
    index('incidents_task_idx').on(t.taskId, t.openedAt),
    check('incidents_status_check', oneOf('status', incidentStatuses)),
  ],
);

export type NotificationChannel = typeof notificationChannels.$inferSelect;
export type OutboxMessage = typeof outbox.$inferSelect;
export type Incident = typeof incidents.$inferSelect;
