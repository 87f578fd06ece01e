import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { hashPassword } from './password';

export const DEFAULT_ADMIN_EMAIL = 'admin@sundial.local';

export type FirstAdmin =
  | { created: true; email: string; password: string; generated: boolean }
  | { created: false; email: string };

/**
 * The first admin comes from ADMIN_EMAIL/ADMIN_PASSWORD, or is generated. Only a hash is
 * stored, so a generated password can be shown once, by the caller that created it.
 */
export async function ensureFirstAdmin(db: Db, opts: { email?: string; password?: string }): Promise<FirstAdmin> {
  const existing = await db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.role, 'admin'))
    .orderBy(asc(users.createdAt))
    .limit(1);
  if (existing[0]) return { created: false, email: existing[0].email };
  const email = opts.email ?? DEFAULT_ADMIN_EMAIL;
  const password = opts.password ?? randomBytes(12).toString('base64url');
  const inserted = await db
    .insert(users)
    .values({ email, name: 'Admin', role: 'admin', passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ email: users.email });
  // Lost a race with another process starting at the same moment: theirs stands.
  if (!inserted[0]) return { created: false, email };
  return { created: true, email, password, generated: !opts.password };
}
