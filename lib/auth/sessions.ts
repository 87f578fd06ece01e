import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { userSessions, users, type User } from '../../db/schema';

/** How long a sign-in lasts; the cookie and the row end together. */
export const SESSION_SECONDS = 12 * 60 * 60;
const isUuid = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export async function startSession(db: Db, userId: string, ip: string): Promise<string> {
  // A user's ended sessions go when they next sign in, so the table stays small without a job.
  await db.delete(userSessions).where(and(eq(userSessions.userId, userId), lt(userSessions.expiresAt, sql`now()`)));
  const [row] = await db
    .insert(userSessions)
    .values({ userId, ip, expiresAt: sql`now() + make_interval(secs => ${SESSION_SECONDS})` })
    .returning({ id: userSessions.id });
  return row!.id;
}

/** The user of a live session, or null when it ended, expired or never was. */
export async function sessionUser(db: Db, sessionId: unknown, userId: unknown): Promise<User | null> {
  if (!isUuid(sessionId) || !isUuid(userId)) return null;
  const [row] = await db
    .select({ user: users })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, sessionId), eq(users.id, userId), gt(userSessions.expiresAt, sql`now()`)));
  return row?.user ?? null;
}

/** Sign-out: this session only. */
export async function endSession(db: Db, sessionId: unknown): Promise<void> {
  if (!isUuid(sessionId)) return;
  await db.delete(userSessions).where(eq(userSessions.id, sessionId));
}

/** Every session of the user, on every device: after a password, role or enabled change, or on request. */
export async function endAllSessions(db: Db, userId: string): Promise<number> {
  const ended = await db.delete(userSessions).where(eq(userSessions.userId, userId)).returning({ id: userSessions.id });
  return ended.length;
}
