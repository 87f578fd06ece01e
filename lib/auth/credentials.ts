import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db';
import { users, type Role } from '../../db/schema';
import { clientIp } from './client-ip';
import { hashPassword, verifyPassword } from './password';
import { refuseSignIn } from './refusal';
import { startSession } from './sessions';
import { admitSignIn, settleSignIn } from './throttle';

// next-auth hands authorize() the body as it parsed it (JSON, or a form whose repeated
// fields collapse to the last), so whatever is read here is what the throttle counts.
const input = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

// Compared against when the email is unknown, so a miss takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export type SignedIn = { id: string; email: string; name: string; role: Role; sessionId: string };

export async function authorizeCredentials(credentials: unknown, headers: Record<string, string | string[] | undefined> | undefined): Promise<SignedIn | null> {
  const parsed = input.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = clientIp(headers);
  const db = getDb();
  const admission = await admitSignIn(db, email, ip);
  if (!admission.admitted) refuseSignIn(admission.waitSeconds);
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  dummyHash ??= hashPassword('not a real password');
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  const ok = Boolean(user && !user.disabledAt && matches);
  await settleSignIn(db, admission, { succeeded: ok, email, ip, userId: user?.id });
  if (!ok || !user) return null;
  await db.update(users).set({ lastSignInAt: sql`now()` }).where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionId: await startSession(db, user.id, ip) };
}
