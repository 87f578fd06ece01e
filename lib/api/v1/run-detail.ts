import { asc, eq, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { apiKeys, runs, users, type Run } from '../../../db/schema';

/** Every attempt of the run's chain (the first one and its retries), in attempt order. */
export async function attemptChain(db: Db, run: Pick<Run, 'id' | 'rootRunId'>) {
  const root = run.rootRunId ?? run.id;
  return db
    .select({ id: runs.id, attempt: runs.attempt, status: runs.status, partial: runs.partial })
    .from(runs)
    .where(or(eq(runs.id, root), eq(runs.rootRunId, root)))
    .orderBy(asc(runs.attempt), asc(runs.id));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who started a run, in words: a user's email, an API key's name, or the scheduler. */
export async function triggeredByLabel(db: Db, triggeredBy: string | null): Promise<string | null> {
  if (!triggeredBy) return null;
  if (triggeredBy === 'scheduler') return 'the scheduler';
  if (!UUID.test(triggeredBy)) return triggeredBy;
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, triggeredBy));
  if (user) return user.email;
  const [key] = await db.select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.id, triggeredBy));
  return key ? `API key "${key.name}"` : `${triggeredBy} (deleted)`;
}
