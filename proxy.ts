import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/security-headers';

// Security headers on every page and API answer. Next reads the nonce from the request's
// Content-Security-Policy header and puts it on its own scripts; the root layout reads
// x-nonce for the theme script.
export function proxy(request: NextRequest) {
  const https = env().NEXTAUTH_URL?.startsWith('https://') ?? false;
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { https, dev: process.env.NODE_ENV === 'development' });
  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: forwarded } });
  const api = request.nextUrl.pathname.startsWith('/api/');
  for (const [name, value] of Object.entries(securityHeaders({ csp, api, https }))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static chunks are the same for everyone and carry no nonce.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
