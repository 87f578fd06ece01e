import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { settings } from '../../db/schema';
import { readRetention, RETENTION_KEYS, type Retention } from './retention';

export async function loadRetention(db: Db): Promise<Retention> {
  const rows = await db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, Object.values(RETENTION_KEYS)));
  return readRetention(rows);
}

/** Upsert the given fields, one row each, in one transaction. */
export async function saveRetention(db: Db, patch: Partial<Retention>, actorId?: string): Promise<void> {
  const rows = (Object.keys(RETENTION_KEYS) as (keyof Retention)[])
    .filter((field) => patch[field] !== undefined)
    .map((field) => ({ key: RETENTION_KEYS[field], value: patch[field], updatedBy: actorId ?? null }));
  if (rows.length === 0) return;
  await db
    .insert(settings)
    .values(rows)
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedBy: sql`excluded.updated_by`, updatedAt: sql`now()` } });
}
