import NextAuth from 'next-auth';
import { authOptions } from './options';
import { answerRefusals } from './refusal';
import { sameSiteRedirect } from './local-path';

type Context = { params: Promise<{ nextauth: string[] }> };
let handler: ((req: Request, ctx: Context) => Promise<Response>) | undefined;
const nextAuth = (req: Request, ctx: Context) => (handler ??= NextAuth(authOptions()) as never)(req, ctx);

/**
 * next-auth writes some URLs absolute on NEXTAUTH_URL without asking the redirect callback
 * (its error page, for one). Rewritten to paths, every redirect stays on the host the user is on.
 */
async function keepHost(response: Response): Promise<Response> {
  // Read where next-auth reads it: bin/web.ts fills in its default there, after lib/env parsed.
  const configured = process.env.NEXTAUTH_URL;
  if (!configured) return response;
  const base = new URL(configured).origin;
  const location = response.headers.get('location');
  if (location) {
    const headers = new Headers(response.headers);
    headers.set('location', sameSiteRedirect(location, base));
    return new Response(response.body, { status: response.status, headers });
  }
  if (!response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response.clone().json().catch(() => null)) as { url?: unknown } | null;
  if (typeof body?.url !== 'string') return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify({ ...body, url: sameSiteRedirect(body.url, base) }), { status: response.status, headers });
}

export const authGet = async (req: Request, ctx: Context): Promise<Response> => keepHost(await nextAuth(req, ctx));

/** The throttle counts inside authorize(), on the email next-auth parsed; a refused try gets 429. */
export const authPost = async (req: Request, ctx: Context): Promise<Response> => keepHost(await answerRefusals(() => nextAuth(req, ctx)));
