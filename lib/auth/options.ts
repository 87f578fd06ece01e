import { eq, sql } from 'drizzle-orm';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../../db/client';
import { webLog } from '../log';
import { users } from '../../db/schema';
import { clientIp } from './client-ip';
import { hashPassword, verifyPassword } from './password';
import { authSecret } from './secret';
import { recordSignIn } from './throttle';

// Compared against when the email is unknown, so a miss takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const email = String(credentials?.email ?? '').trim().slice(0, 320);
          const password = String(credentials?.password ?? '').slice(0, 1024);
          if (!email || !password) return null;
          const db = getDb();
          const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
          dummyHash ??= hashPassword('not a real password');
          const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
          const ok = Boolean(user && !user.disabledAt && matches);
          await recordSignIn(db, email, clientIp(req?.headers), ok);
          if (!ok || !user) return null;
          await db.update(users).set({ lastSignInAt: sql`now()` }).where(eq(users.id, user.id));
          return { id: user.id, email: user.email, name: user.name, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user) token.role = user.role;
        return token;
      },
      session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token.sub, role: token.role } }),
    },
    // next-auth's own logger prints error.message: a failed query's would carry its parameters.
    logger: {
      error: (code, metadata) => webLog().error({ code, err: metadata instanceof Error ? metadata : metadata.error }, `next-auth: ${code}`),
    },
  };
}
