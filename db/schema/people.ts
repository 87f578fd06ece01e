import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tz, timestamps, oneOf, roles, apiKeyRoles, type ApiKeyRole, type Role } from './columns';

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
    /** The events this user has chosen to be emailed about, for every task (lib/notify/personal.ts). */
    notifyEvents: text().array().notNull().default(sql`'{}'::text[]`),
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

/**
 * One row per signed-in browser. The session cookie (a next-auth JWT) names its row, and a
 * request counts only while the row exists: deleting it ends the session at once, which a
 * JWT alone cannot do.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Where it was signed in from, for the user to recognise it. */
    ip: text().notNull(),
    expiresAt: tz().notNull(),
    createdAt: tz().notNull().defaultNow(),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
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
    role: text().$type<ApiKeyRole>().notNull(),
    /** A worker key's queues: the only runs it may claim. Null for every other role. */
    queues: text().array(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: tz(),
    lastUsedAt: tz(),
    revokedAt: tz(),
    ...timestamps,
  },
  () => [
    check('api_keys_role_check', oneOf('role', apiKeyRoles)),
    check('api_keys_queues_check', sql`(role = 'worker') = (queues is not null and cardinality(queues) > 0)`),
  ],
);

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

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type SignInAttempt = typeof signInAttempts.$inferSelect;
export type NewSignInAttempt = typeof signInAttempts.$inferInsert;
export type UserSession = typeof userSessions.$inferSelect;
export type NewUserSession = typeof userSessions.$inferInsert;
export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;
export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
