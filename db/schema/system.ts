import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tz, timestamps, oneOf, workerStatuses } from './columns';
import { users } from './people';

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
    /** A remote worker's queues (it claims over the API, id `remote:<name>`); null for an in-process worker. */
    queues: text().array(),
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

export const settings = pgTable('settings', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  ...timestamps,
});

export type Worker = typeof workers.$inferSelect;
export type NewWorker = typeof workers.$inferInsert;
export type Handler = typeof handlers.$inferSelect;
export type NewHandler = typeof handlers.$inferInsert;
export type Setting = typeof settings.$inferSelect;
export type NewSetting = typeof settings.$inferInsert;
