import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { WORKERS_NONE_MINUTES_KEY } from '../../db/queries/incidents';
import { settings } from '../../db/schema';

// After how many minutes without a live worker `workers.none` is sent (db/queries/incidents.ts
// reads the same row in SQL).

export const WORKERS_NONE_DEFAULT_MINUTES = 2;
export const workersNoneMinutes = z.number().min(1, 'at least 1 minute').max(1440, 'at most 1440 minutes (a day)');

export async function loadWorkersNoneMinutes(db: Db): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, WORKERS_NONE_MINUTES_KEY));
  const parsed = workersNoneMinutes.safeParse(row?.value);
  return parsed.success ? parsed.data : WORKERS_NONE_DEFAULT_MINUTES;
}

export async function saveWorkersNoneMinutes(db: Db, minutes: number, actorId?: string): Promise<void> {
  await db
    .insert(settings)
    .values({ key: WORKERS_NONE_MINUTES_KEY, value: minutes, updatedBy: actorId ?? null })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedBy: sql`excluded.updated_by`, updatedAt: sql`now()` } });
}
