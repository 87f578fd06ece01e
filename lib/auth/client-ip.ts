import type { IncomingMessage } from 'node:http';
import net from 'node:net';

/**
 * The caller's address. bin/web.ts stamps it on every request (overwriting anything a client
 * sent under that name), so it cannot be forged by a header. The sign-in throttle and the
 * audit log read it.
 */
export const CLIENT_IP_HEADER = 'x-sundial-client-ip';

export function clientIp(headers: Headers | Record<string, string | string[] | undefined> | undefined): string {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers?.[CLIENT_IP_HEADER];
  return (Array.isArray(value) ? value[0] : value) || 'unknown';
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) -> "10.0.0.1". */
const plain = (address: string) => {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
};

/** Parses "10.0.0.1" or "10.0.0.0/8" or "fd00::/8"; null when it is neither. */
export function parseProxy(entry: string): { address: string; prefix?: number } | null {
  const [address = '', prefix, extra] = entry.trim().split('/');
  const family = net.isIP(address);
  if (!family || extra !== undefined) return null;
  if (prefix === undefined) return { address };
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128)) return null;
  return { address, prefix: Number(prefix) };
}

export type TrustedProxies = { has(address: string): boolean };

export function trustedProxies(entries: string[]): TrustedProxies {
  const list = new net.BlockList();
  for (const entry of entries) {
    const parsed = parseProxy(entry);
    if (!parsed) throw new Error(`not an address or CIDR range: ${entry}`);
    const type = net.isIP(parsed.address) === 4 ? 'ipv4' : 'ipv6';
    if (parsed.prefix === undefined) list.addAddress(parsed.address, type);
    else list.addSubnet(parsed.address, parsed.prefix, type);
  }
  return {
    has(address) {
      const family = net.isIP(address);
      return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/**
 * The client behind any trusted proxies. X-Forwarded-For is read from the right: each
 * trusted hop vouches for the one before it, and the first address we do not trust is the
 * client. Entries left of it could have been written by the client itself, so they are
 * never believed. With no trusted proxies the header is ignored.
 */
export function resolveClientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let current = plain(socketAddress ?? '') || 'unknown';
  if (!trusted.has(current) || !forwardedFor) return current;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map(plain).filter(Boolean);
  for (const hop of hops.reverse()) {
    if (!net.isIP(hop)) break;
    current = hop;
    if (!trusted.has(hop)) break;
  }
  return current;
}

/** Called first on every request the web server answers. */
export function stampClientIp(req: IncomingMessage, trusted: TrustedProxies): void {
  req.headers[CLIENT_IP_HEADER] = resolveClientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted);
}
