import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/lib/db';
import type { Role } from '@/db/schema';
import { authenticate } from '@/lib/auth/principal';
import { allows } from '@/lib/auth/roles';

export type PageUser = { id: string; email: string; role: Role };

/** The signed-in user, read once per request (layout and page share it); sign-in otherwise. */
export const currentUser = cache(async (): Promise<PageUser> => {
  const principal = await authenticate(await headers(), getDb());
  if (principal?.kind !== 'user') redirect('/sign-in');
  return { id: principal.id, email: principal.email, role: principal.role };
});

/** For pages that need a role: a lower role gets a 404, as if the page were not there. */
export async function requireRole(role: Role): Promise<PageUser> {
  const user = await currentUser();
  if (!allows(user.role, role)) notFound();
  return user;
}
