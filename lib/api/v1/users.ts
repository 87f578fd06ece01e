import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { personalEventNames } from '../../notify/personal';
import type { Db } from '../../../db/client';
import { getDb } from '../../db';
import { roles, users, type User } from '../../../db/schema';
import { hashPassword, verifyPassword } from '../../auth/password';
import { endAllSessions } from '../../auth/sessions';
import { admitSignIn, clearSignInTries, settleSignIn } from '../../auth/throttle';
import { AppError, invalid, notFound } from '../errors';
import { route } from '../route';
import { idParam } from './task-json';

export const userJson = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabledAt !== null,
  lastSignInAt: u.lastSignInAt,
  createdAt: u.createdAt,
  /** The events emailed to this user (they choose on their Account page). */
  notifyEvents: u.notifyEvents,
});
const password = z.string().min(12, 'at least 12 characters').max(1024);

export type UserJson = ReturnType<typeof userJson>;

export async function listUsers(db: Db): Promise<UserJson[]> {
  return (await db.select().from(users).orderBy(asc(users.email))).map(userJson);
}

export const listUsersRoute = route({ role: 'admin' }, async ({ db }) => ({ body: { items: await listUsers(db) } }));

export const createUserRoute = route(
  { role: 'admin', body: z.object({ email: z.email().max(320), name: z.string().trim().max(200).default(''), role: z.enum(roles), password }).strict() },
  async ({ db, body }) => {
    const taken = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${body.email})`);
    if (taken.length > 0) throw new AppError('conflict', `a user with email ${body.email} exists`, [{ field: 'email', message: 'already taken' }]);
    const [user] = await db.insert(users).values({ email: body.email, name: body.name, role: body.role, passwordHash: await hashPassword(body.password) }).returning();
    return { status: 201, body: userJson(user!), audit: { action: 'user.create', targetType: 'user', targetId: user!.id, after: userJson(user!) } };
  },
);

/** There must always be an enabled admin, or nobody could manage users and keys again. */
async function otherAdmins(db: Db, id: string): Promise<number> {
  const rows = await db.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, id)));
  return rows.length;
}

export const updateUserRoute = route(
  { role: 'admin', body: z.object({ name: z.string().trim().max(200).optional(), role: z.enum(roles).optional(), disabled: z.boolean().optional(), password: password.optional() }).strict() },
  async ({ db, params, body }) => {
    const id = idParam(params, 'user');
    if (Object.values(body).every((v) => v === undefined)) throw invalid([{ field: 'body', message: 'send at least one of name, role, disabled, password' }]);
    const [before] = await db.select().from(users).where(eq(users.id, id));
    if (!before) throw notFound('user');
    const demoted = before.role === 'admin' && ((body.role && body.role !== 'admin') || body.disabled === true);
    if (demoted && (await otherAdmins(db, id)) === 0) throw new AppError('conflict', 'this is the last enabled admin; make another admin first', [{ field: body.role ? 'role' : 'disabled', message: 'would leave no admin' }]);
    const [user] = await db
      .update(users)
      .set({
        name: body.name,
        role: body.role,
        disabledAt: body.disabled === undefined ? undefined : body.disabled ? sql`now()` : null,
        ...(body.password ? { passwordHash: await hashPassword(body.password), passwordChangedAt: sql`now()` } : {}),
      })
      .where(eq(users.id, id))
      .returning();
    // Whoever held a session under the old password or role keeps nothing.
    const endsSessions = Boolean(body.password) || (body.role !== undefined && body.role !== before.role) || (body.disabled === true && !before.disabledAt);
    const sessionsEnded = endsSessions ? await endAllSessions(db, id) : 0;
    // A reset is how an admin lets a locked-out user back in at once.
    if (body.password) await clearSignInTries(db, user!.email);
    return {
      body: userJson(user!),
      audit: { action: 'user.update', targetType: 'user', targetId: id, before: userJson(before), after: { ...userJson(user!), passwordChanged: Boolean(body.password), sessionsEnded } },
    };
  },
);

/** Any signed-in user changes their own password; API keys have none. */
export const changeOwnPasswordRoute = route(
  { role: 'viewer', body: z.object({ currentPassword: z.string().max(1024), newPassword: password }).strict() },
  async ({ db, body, principal, ip }) => {
    if (principal.kind !== 'user') throw new AppError('forbidden', 'only a signed-in user has a password');
    const [user] = await db.select().from(users).where(eq(users.id, principal.id));
    if (!user) throw notFound('user');
    // Checking the current password is a password check: a stolen session must not guess
    // it here unthrottled. The count goes through the shared pool, outside any transaction
    // of this request, so that failing the request does not undo it.
    const admission = await admitSignIn(getDb(), user.email, ip);
    if (!admission.admitted) throw new AppError('rate_limited', `Too many failed password checks. Try again in ${admission.waitSeconds} s.`);
    const matches = await verifyPassword(body.currentPassword, user.passwordHash);
    await settleSignIn(getDb(), admission, { succeeded: matches, email: user.email, ip, userId: user.id });
    if (!matches) throw invalid([{ field: 'currentPassword', message: 'is not your current password' }]);
    await db.update(users).set({ passwordHash: await hashPassword(body.newPassword), passwordChangedAt: sql`now()` }).where(eq(users.id, user.id));
    // This session too: a copy of its cookie may be why the password is being changed.
    const sessionsEnded = await endAllSessions(db, user.id);
    return { status: 204, audit: { action: 'user.password', targetType: 'user', targetId: user.id, after: { sessionsEnded } } };
  },
);

/** "Sign out everywhere": every session of the signed-in user ends, this one included. */
export const endOwnSessionsRoute = route({ role: 'viewer' }, async ({ db, principal }) => {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'only a signed-in user has sessions');
  const sessionsEnded = await endAllSessions(db, principal.id);
  return { status: 204, audit: { action: 'user.sessions_end', targetType: 'user', targetId: principal.id, after: { sessionsEnded } } };
});

const notificationsBody = z.object({ events: z.array(z.enum(personalEventNames)).max(personalEventNames.length).transform((e) => [...new Set(e)]) }).strict();

/** The events emailed to the signed-in user, for every task. */
export const getOwnNotificationsRoute = route({ role: 'viewer' }, async ({ db, principal }) => {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'only a signed-in user has an email address');
  const [user] = await db.select().from(users).where(eq(users.id, principal.id));
  if (!user) throw notFound('user');
  return { body: { email: user.email, events: user.notifyEvents } };
});

export const putOwnNotificationsRoute = route({ role: 'viewer', body: notificationsBody }, async ({ db, body, principal }) => {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'only a signed-in user has an email address');
  const [before] = await db.select().from(users).where(eq(users.id, principal.id)).for('update');
  if (!before) throw notFound('user');
  const [user] = await db.update(users).set({ notifyEvents: body.events }).where(eq(users.id, principal.id)).returning();
  return {
    body: { email: user!.email, events: user!.notifyEvents },
    audit: { action: 'user.notifications', targetType: 'user', targetId: principal.id, before: { events: before.notifyEvents }, after: { events: user!.notifyEvents } },
  };
});
