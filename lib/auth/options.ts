import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../db';
import { authorizeCredentials } from './credentials';
import { sameSiteRedirect } from './local-path';
import { authSecret } from './secret';
import { endSession, SESSION_SECONDS } from './sessions';

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_SECONDS },
    pages: { signIn: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: (credentials, req) => authorizeCredentials(credentials, req?.headers),
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user) {
          token.role = user.role;
          token.sid = user.sessionId;
        }
        return token;
      },
      session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token.sub, role: token.role } }),
      redirect: ({ url, baseUrl }) => sameSiteRedirect(url, baseUrl),
    },
    events: {
      signOut: ({ token }) => endSession(getDb(), token?.sid),
    },
  };
}
