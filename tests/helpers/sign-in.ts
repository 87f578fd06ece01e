import type { WebServer } from './web-server';

export type SignInTry = { status: number; body: { url?: string; error?: { message: string; retryAfterSeconds: number } } | null; retryAfter: string | null; sessionCookie: string | null };
type Options = { ip?: string; encoding?: 'json' | 'form'; callbackUrl?: string };

/** A CSRF token and the cookie it belongs with, as a browser gets them before signing in. */
export async function csrf(server: WebServer): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`${server.url}/api/auth/csrf`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { token: ((await res.json()) as { csrfToken: string }).csrfToken, cookie };
}

/**
 * One POST to next-auth's credentials callback. `fields` is sent as given: a form body may
 * repeat a name, as an attacker's would. `ip` poses as that client through X-Forwarded-For.
 */
export async function signInTry(server: WebServer, fields: [string, string][], opts: Options = {}): Promise<SignInTry> {
  const { token, cookie } = await csrf(server);
  const all: [string, string][] = [...fields, ['csrfToken', token], ['json', 'true'], ...(opts.callbackUrl ? [['callbackUrl', opts.callbackUrl] as [string, string]] : [])];
  const json = opts.encoding === 'json';
  const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie,
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}),
    },
    body: json ? JSON.stringify(Object.fromEntries(all)) : new URLSearchParams(all).toString(),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, retryAfter: res.headers.get('retry-after'), sessionCookie: session?.split(';')[0] ?? null };
}

/** Email and password as a browser's form sends them. */
export const signIn = (server: WebServer, email: string, password: string, opts: Options = {}) =>
  signInTry(server, [
    ['email', email],
    ['password', password],
  ], opts);
