import type { Role } from '../../db/schema';

declare module 'next-auth' {
  interface User {
    role: Role;
    /** The user_sessions row this sign-in created. */
    sessionId: string;
  }
  interface Session {
    user: { id?: string; role?: Role; email?: string | null; name?: string | null };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    role?: Role;
    /** The session's row: the cookie counts only while it exists. */
    sid?: string;
  }
}
