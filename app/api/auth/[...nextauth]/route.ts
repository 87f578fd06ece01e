import NextAuth from 'next-auth';
import { getDb } from '@/lib/db';
import { clientIp } from '@/lib/auth/client-ip';
import { authOptions } from '@/lib/auth/options';
import { signInWait } from '@/lib/auth/throttle';

type Context = { params: Promise<{ nextauth: string[] }> };
let handler: ((req: Request, ctx: Context) => Promise<Response>) | undefined;
const nextAuth = (req: Request, ctx: Context) => (handler ??= NextAuth(authOptions()) as never)(req, ctx);

export const GET = nextAuth;

/** Before a password is checked: 5 failures in a minute for one account and address get 429. */
export async function POST(req: Request, ctx: Context): Promise<Response> {
  if (new URL(req.url).pathname.endsWith('/callback/credentials')) {
    const form = await req.clone().formData().catch(() => null);
    const email = String(form?.get('email') ?? '').trim();
    const wait = email ? await signInWait(getDb(), email, clientIp(req.headers)) : 0;
    if (wait > 0) {
      return Response.json(
        { error: { code: 'rate_limited', message: `Too many failed sign-ins. Try again in ${wait} s.`, retryAfterSeconds: wait } },
        { status: 429, headers: { 'retry-after': String(wait) } },
      );
    }
  }
  return nextAuth(req, ctx);
}
