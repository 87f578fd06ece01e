import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { resolveClientIp, type TrustedProxies } from './client-ip';

/**
 * The scheme://host:port a request reached, stamped by bin/web.ts on every request (over
 * anything a client sent under that name). X-Forwarded-Proto and X-Forwarded-Host count
 * only when the peer is one of SUNDIAL_TRUSTED_PROXIES; from anyone else they are removed,
 * so neither this check nor Next nor next-auth can be steered by them.
 */
export const REQUEST_ORIGIN_HEADER = 'x-sundial-origin';
const FORWARDED = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'];

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

/** "http://host:port" normalized (default ports dropped, host lower-cased), or null for anything but an http(s) origin. */
export function normalOrigin(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function stampRequestOrigin(req: IncomingMessage, trusted: TrustedProxies): void {
  // Without a forwarded list this is the socket's own address, normalized ("::ffff:" removed).
  const peerTrusted = trusted.has(resolveClientIp(req.socket.remoteAddress, undefined, trusted));
  const proto = (peerTrusted && first(req.headers['x-forwarded-proto'])) || ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  const host = (peerTrusted && first(req.headers['x-forwarded-host'])) || req.headers.host;
  if (!peerTrusted) for (const name of FORWARDED) delete req.headers[name];
  const origin = host ? normalOrigin(`${proto}://${host}`) : null;
  if (origin) req.headers[REQUEST_ORIGIN_HEADER] = origin;
  else delete req.headers[REQUEST_ORIGIN_HEADER];
}
