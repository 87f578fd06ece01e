import { sql } from 'drizzle-orm';
import { timestamp } from 'drizzle-orm/pg-core';

// Shared by the table modules beside this one. Column names come from the keys in
// snake_case (see db/client.ts and drizzle.config.ts).
// Every timestamp is timestamptz and every default uses the database clock: Postgres is
// the only clock Sundial trusts (DESIGN.md, invariant 1).

export const tz = () => timestamp({ withTimezone: true, mode: 'date' });
export const timestamps = {
  createdAt: tz().notNull().defaultNow(),
  updatedAt: tz()
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => sql`now()`),
};
export const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export const roles = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];
/** API keys may also be `worker`: a remote worker's key, good only for claiming runs of its queues. */
export const apiKeyRoles = [...roles, 'worker'] as const;
export type ApiKeyRole = (typeof apiKeyRoles)[number];

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
export const channelKinds = ['email', 'slack', 'webhook'] as const;
export type ChannelKind = (typeof channelKinds)[number];
export const outboxStatuses = ['pending', 'sent', 'dead'] as const;
export const incidentStatuses = ['open', 'resolved'] as const;
