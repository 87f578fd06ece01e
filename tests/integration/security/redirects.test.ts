import { describe, expect, it } from 'vitest';
import { users } from '../../../db/schema';
import { hashPassword } from '../../../lib/auth/password';
import { withTestDatabase } from '../../helpers/db';
import { csrf, signIn } from '../../helpers/sign-in';
import { withWebServer } from '../../helpers/web-server';

// Point 4 of issue 10. The server is reached on 127.0.0.1 while NEXTAUTH_URL says localhost
// (bin/web.ts's default), as for anyone who opens the address `npm start` prints differently.

const database = withTestDatabase();
const server = withWebServer(database);
const PHISH = '/\\127.0.0.2:39999/phish';

async function user(): Promise<string> {
  const email = `r${Date.now()}${Math.random()}@redirects.test`;
  await database.db.insert(users).values({ email, role: 'viewer', passwordHash: await hashPassword('redirect password') });
  return email;
}

/** The callbackUrl the sign-in page hands its form, from the page's serialized props. */
async function formCallback(query: string): Promise<string> {
  const html = await (await fetch(`${server.url}/sign-in?${query}`)).text();
  const found = /callbackUrl\\":\\"(.*?)\\"/.exec(html);
  if (!found) throw new Error(`no callbackUrl in the sign-in page:\n${html.slice(0, 2000)}`);
  return JSON.parse(`"${found[1]!.replaceAll('\\\\', '\\')}"`) as string;
}

describe('redirects after sign-in and sign-out stay on this site', () => {
  it('the sign-in page returns only to a path on this site', async () => {
    expect(await formCallback(`callbackUrl=${encodeURIComponent(PHISH)}`)).toBe('/');
    expect(await formCallback(`callbackUrl=${encodeURIComponent('/..//evil.example')}`)).toBe('/');
    expect(await formCallback(`callbackUrl=${encodeURIComponent('https://evil.example/')}`)).toBe('/');
    expect(await formCallback(`callbackUrl=${encodeURIComponent('/tasks?status=failed')}`)).toBe('/tasks?status=failed');
  });

  it('next-auth answers a path, not another host, after sign-in, a failed sign-in and sign-out', async () => {
    const email = await user();
    expect((await signIn(server, email, 'redirect password', { callbackUrl: PHISH })).body?.url).toBe('/');
    expect((await signIn(server, email, 'redirect password', { callbackUrl: 'http://localhost:1/x' })).body?.url).toBe('/');
    expect((await signIn(server, email, 'redirect password', { callbackUrl: '/tasks' })).body?.url).toBe('/tasks');
    const failed = await signIn(server, email, 'wrong');
    expect(failed.body?.url).toMatch(/^\/api\/auth\/error\?error=CredentialsSignin/);

    const session = (await signIn(server, email, 'redirect password')).sessionCookie!;
    const { token, cookie } = await csrf(server);
    const out = await fetch(`${server.url}/api/auth/signout`, {
      method: 'POST',
      headers: { cookie: `${cookie}; ${session}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: token, callbackUrl: '/sign-in', json: 'true' }),
    });
    expect(await out.json()).toEqual({ url: '/sign-in' });
  });

  it('a page that needs a session sends the browser to sign-in on the host it used', async () => {
    const res = await fetch(`${server.url}/tasks`, { redirect: 'manual' });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(new URL(res.headers.get('location')!, server.url).href).toBe(`${server.url}/sign-in`);
  });

  it('a form posted without JavaScript is redirected with a path too', async () => {
    const { token, cookie } = await csrf(server);
    const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: await user(), password: 'wrong', csrfToken: token }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/api\/auth\/error\?/);
  });
});
