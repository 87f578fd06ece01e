import { describe, expect, it } from 'vitest';
import { users } from '../../../db/schema';
import { changeOwnPasswordRoute, updateUserRoute } from '../../../lib/api/v1/users';
import { hashPassword } from '../../../lib/auth/password';
import { call, makeCallers, sessionHeaders, withApiEnvironment } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { signIn, signInTry } from '../../helpers/sign-in';
import { withWebServer } from '../../helpers/web-server';

// Point 1 of issue 10, through the real next-auth route on the real web server.

const database = withTestDatabase();
withApiEnvironment(database);
const server = withWebServer(database);

const PASSWORD = 'the right password';
let n = 0;
async function account(): Promise<{ id: string; email: string }> {
  const email = `victim${++n}@throttle.test`;
  const [user] = await database.db.insert(users).values({ email, role: 'viewer', passwordHash: await hashPassword(PASSWORD) }).returning();
  return { id: user!.id, email };
}
const wrongTries = (email: string, count: number, ip?: string) => Promise.all(Array.from({ length: count }, () => signIn(server, email, 'wrong', { ip })));
const lockouts = async (userId: string) =>
  (await database.pool.query<{ after: { scope: string } }>(`select after from audit_log where action = 'sign_in.lockout' and target_id = $1 order by id`, [userId])).rows.map((r) => r.after.scope);

describe('sign-in throttle', () => {
  it('counts a JSON body: the 6th wrong try gets 429, and then so does the right password', async () => {
    const { email } = await account();
    for (let i = 0; i < 5; i++) expect((await signIn(server, email, 'wrong', { encoding: 'json' })).status).toBe(401);
    const sixth = await signIn(server, email, 'wrong', { encoding: 'json' });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.retryAfter)).toBeGreaterThan(0);
    expect(sixth.body?.error?.message).toMatch(/^Too many failed sign-ins. Try again in \d+ s.$/);
    const right = await signIn(server, email, PASSWORD, { encoding: 'json' });
    expect(right.status).toBe(429);
    expect(right.sessionCookie).toBeNull();
  });

  it('counts the email that is checked when a form repeats it (next-auth reads the last)', async () => {
    const { email } = await account();
    const decoyFirst = (password: string) => signInTry(server, [['email', 'decoy@throttle.test'], ['email', email], ['password', password]]);
    for (let i = 0; i < 5; i++) expect((await decoyFirst('wrong')).status).toBe(401);
    expect((await signIn(server, email, 'wrong')).status).toBe(429);
    expect((await decoyFirst(PASSWORD)).status).toBe(429);
    // The decoy was never checked, so it was never counted.
    expect((await signIn(server, 'decoy@throttle.test', 'wrong')).status).toBe(401);
  });

  it('lets 20 parallel wrong tries make 5 password checks, not more, and audits the lockout once', async () => {
    const { id, email } = await account();
    const statuses = (await wrongTries(email, 20)).map((t) => t.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    expect(await lockouts(id)).toEqual(['address']);
  });

  it('does not count a success: 4 wrong, the right one, then a wrong one is still checked', async () => {
    const { email } = await account();
    await wrongTries(email, 4);
    const right = await signIn(server, email, PASSWORD);
    expect(right.status).toBe(200);
    expect(right.sessionCookie).toMatch(/^next-auth\.session-token=/);
    expect((await signIn(server, email, 'wrong')).status).toBe(401);
  });

  it('throttles the current-password check of "change password" like a sign-in', async () => {
    const { id } = await account();
    const headers = await sessionHeaders(database, id);
    const change = (currentPassword: string) => call(changeOwnPasswordRoute, 'POST', '/x', { headers, body: { currentPassword, newPassword: 'another password 123' } });
    for (let i = 0; i < 5; i++) expect((await change('wrong')).status).toBe(422);
    const refused = await change(PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/^Too many failed password checks. Try again in \d+ s.$/);
  });

  it('stops guessing spread over many addresses at 50 an hour per account, until an admin resets the password', async () => {
    const { id, email } = await account();
    for (let a = 1; a <= 10; a++) expect((await wrongTries(email, 5, `198.51.100.${a}`)).map((t) => t.status)).toEqual(Array(5).fill(401));
    const fresh = await signIn(server, email, PASSWORD, { ip: '198.51.100.99' });
    expect(fresh.status).toBe(429);
    expect(Number(fresh.retryAfter)).toBeGreaterThan(3000);
    expect(await lockouts(id)).toEqual(Array(10).fill('address').concat('account'));
    // Another account is not affected.
    expect((await signIn(server, (await account()).email, PASSWORD, { ip: '198.51.100.99' })).status).toBe(200);

    const admin = (await makeCallers(database)).find((c) => c.label === 'admin session')!;
    expect((await call(updateUserRoute, 'PATCH', '/x', { headers: admin.headers, params: { id }, body: { password: 'a new password 123' } })).status).toBe(200);
    expect((await signIn(server, email, 'a new password 123', { ip: '198.51.100.99' })).status).toBe(200);
  });
});
