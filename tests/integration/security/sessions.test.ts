import { describe, expect, it } from 'vitest';
import { encode } from 'next-auth/jwt';
import { users, type Role } from '../../../db/schema';
import { hashPassword } from '../../../lib/auth/password';
import { SECRET } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { csrf, signIn } from '../../helpers/sign-in';
import { withWebServer } from '../../helpers/web-server';

// Point 5 of issue 10: a session cookie stops counting on the server the moment it should,
// not when its 12 hours are up.

const database = withTestDatabase();
const server = withWebServer(database);

const PASSWORD = 'first password 123';
let n = 0;
async function user(role: Role = 'viewer'): Promise<{ id: string; email: string }> {
  const email = `${role}${++n}@sessions.test`;
  const [row] = await database.db.insert(users).values({ email, role, passwordHash: await hashPassword(PASSWORD) }).returning();
  return { id: row!.id, email };
}

async function session(email: string, password = PASSWORD): Promise<string> {
  const res = await signIn(server, email, password);
  expect(res.status).toBe(200);
  return res.sessionCookie!;
}

/** What a signed-in browser sends: its cookie and, for a change, its own origin. */
async function api(cookie: string, method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.body?.cancel();
  return res.status;
}
const works = (cookie: string) => api(cookie, 'GET', '/tasks');

describe('sessions end on the server', () => {
  it('sign-out ends that session and leaves the same user signed in elsewhere', async () => {
    const { email } = await user();
    const [laptop, phone] = [await session(email), await session(email)];
    const { token, cookie } = await csrf(server);
    const out = await fetch(`${server.url}/api/auth/signout`, {
      method: 'POST',
      headers: { cookie: `${cookie}; ${laptop}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: token, json: 'true' }),
    });
    expect(out.status).toBe(200);
    expect(await works(laptop)).toBe(401);
    expect(await works(phone)).toBe(200);
  });

  it("an admin's password reset, role change or disable ends every session of that user", async () => {
    const admin = await session((await user('admin')).email);
    for (const change of [{ password: 'a reset password 456' }, { role: 'operator' }, { disabled: true }]) {
      const target = await user();
      const cookies = [await session(target.email), await session(target.email)];
      expect(await api(admin, 'PATCH', `/users/${target.id}`, change)).toBe(200);
      for (const cookie of cookies) expect(await works(cookie), JSON.stringify(change)).toBe(401);
    }
    // A rename changes nothing that a session depends on.
    const kept = await user();
    const cookie = await session(kept.email);
    expect(await api(admin, 'PATCH', `/users/${kept.id}`, { name: 'Renamed' })).toBe(200);
    expect(await works(cookie)).toBe(200);
  });

  it('changing your own password ends all your sessions, this one too; the new password signs in', async () => {
    const { email } = await user();
    const [here, elsewhere] = [await session(email), await session(email)];
    expect(await api(here, 'POST', '/me/password', { currentPassword: PASSWORD, newPassword: 'second password 789' })).toBe(204);
    expect(await works(here)).toBe(401);
    expect(await works(elsewhere)).toBe(401);
    expect(await works(await session(email, 'second password 789'))).toBe(200);
  });

  it('"sign out everywhere" ends every session of the caller only, and is audited', async () => {
    const me = await user();
    const other = await session((await user()).email);
    const [here, elsewhere] = [await session(me.email), await session(me.email)];
    expect(await api(here, 'DELETE', '/me/sessions')).toBe(204);
    expect(await works(here)).toBe(401);
    expect(await works(elsewhere)).toBe(401);
    expect(await works(other)).toBe(200);
    const { rows } = await database.pool.query(`select after from audit_log where action = 'user.sessions_end' and target_id = $1`, [me.id]);
    expect(rows).toEqual([{ after: { sessionsEnded: 2 } }]);
  });

  it('a session past its 12 hours, or a signed token naming no session, does not count', async () => {
    const { id, email } = await user();
    const cookie = await session(email);
    await database.pool.query(`update user_sessions set expires_at = now() - interval '1 second' where user_id = $1`, [id]);
    expect(await works(cookie)).toBe(401);
    // What a cookie issued before sessions had rows looks like: valid signature, no session id.
    const old = await encode({ token: { sub: id, email, role: 'viewer' }, secret: SECRET });
    expect(await works(`next-auth.session-token=${old}`)).toBe(401);
  });
});
