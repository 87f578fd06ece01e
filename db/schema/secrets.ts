import { sql } from 'drizzle-orm';
import { check, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps, tz } from './columns';

/**
 * Named secrets. The value is sealed (AES-256-GCM, lib/secrets/crypto.ts) before it reaches
 * the database and never leaves it through the API; only the worker opens it, at run time.
 */
export const secrets = pgTable(
  'secrets',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    /** v1.<keyId>.<iv>.<tag>.<ciphertext>, bound to the name, so a value cannot be moved to another name. */
    sealed: text().notNull(),
    /** Which SUNDIAL_SECRET_KEY sealed it: rotation re-seals the rows whose key is not the current one. */
    keyId: text().notNull(),
    /** Who set it first and last, as the audit log labels them (a user's email or an API key). */
    createdBy: text().notNull(),
    updatedBy: text().notNull(),
    /** When a worker last resolved it for a run. */
    lastUsedAt: tz(),
    ...timestamps,
  },
  () => [check('secrets_name_check', sql`name ~ '^[A-Z][A-Z0-9_]{0,63}$'`)],
);

export type Secret = typeof secrets.$inferSelect;
export type NewSecret = typeof secrets.$inferInsert;
