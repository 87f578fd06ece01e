import ipaddr from 'ipaddr.js';
import { classify, isIpLiteral, isMetadataHost, normalHost, parseAddress, rangeName } from './address';

// The outbound rule: public addresses pass; link-local and metadata never do; loopback,
// private and reserved ones only when SUNDIAL_OUTBOUND_ALLOW names them. Pure, so the
// task form warns with the same rule the worker enforces.

export const ALLOW_VARIABLE = 'SUNDIAL_OUTBOUND_ALLOW';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type AllowList = { ranges: Range[]; hosts: string[] };
export const emptyAllowList: AllowList = { ranges: [], hosts: [] };

const HOST_NAME = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

function parseRange(entry: string): Range | null {
  const [address = '', bits, extra] = entry.split('/');
  const ip = parseAddress(address);
  if (!ip || extra !== undefined) return null;
  if (bits === undefined) return [ip, ip.kind() === 'ipv4' ? 32 : 128];
  try {
    // An IPv4-mapped range ("::ffff:10.0.0.0/104") is kept as written; addresses are matched as IPv4.
    return ipaddr.parseCIDR(`${ip.toString()}/${bits}`);
  } catch {
    return null;
  }
}

/** "127.0.0.1, 10.0.0.0/8, localhost, *.internal" -> the list; null names the first bad entry. */
export function parseAllowList(entries: string[]): { ok: true; list: AllowList } | { ok: false; bad: string } {
  const list: AllowList = { ranges: [], hosts: [] };
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const range = /^[\d.]+(\/\d+)?$|:/.test(entry) ? parseRange(entry) : null;
    if (range) list.ranges.push(range);
    else if (HOST_NAME.test(entry) && !/^[\d.]+$/.test(entry)) list.hosts.push(normalHost(entry));
    else return { ok: false, bad: raw.trim() };
  }
  return { ok: true, list };
}

/** "127.0.0.1/32, localhost", or '' for an empty list. */
export const describeAllowList = (allow: AllowList) => [...allow.ranges.map(([ip, bits]) => `${ip.toString()}/${bits}`), ...allow.hosts].join(', ');

const hostAllowed = (host: string, allow: AllowList) =>
  allow.hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h));

const addressAllowed = (ip: ipaddr.IPv4 | ipaddr.IPv6, allow: AllowList) =>
  allow.ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits));

export type Refusal = { address: string; host: string; allowable: boolean; reason: string };

/**
 * Why a connection from `host` to `address` is refused, or null when it may go ahead. A host
 * name on the allow-list lets its own internal addresses through, never link-local ones.
 */
export function refusalFor(address: string, host: string, allow: AllowList): Refusal | null {
  const name = normalHost(host);
  const ip = parseAddress(address);
  const shown = ip ? ip.toString() : address;
  const via = name && name !== shown && !isIpLiteral(name) ? ` (${name})` : '';
  if (!ip) return { address, host: name, allowable: false, reason: `${address}${via} is not an IP address` };
  const kind = classify(ip);
  if (kind === 'public') return null;
  if (kind === 'always-refused') {
    return { address: shown, host: name, allowable: false, reason: `${shown}${via} is a ${rangeName(ip)} address; link-local and cloud metadata addresses are never called` };
  }
  if (addressAllowed(ip, allow) || hostAllowed(name, allow)) return null;
  const entry = via ? `${name} or ${shown}` : shown;
  return { address: shown, host: name, allowable: true, reason: `${shown}${via} is a ${rangeName(ip)} address; add ${entry} to ${ALLOW_VARIABLE} where the worker runs to allow it` };
}

/** What can be said from the host name alone, before any lookup: metadata names, localhost and literal addresses. */
export function refusalForHost(host: string, allow: AllowList): Refusal | null {
  const name = normalHost(host);
  if (isMetadataHost(name)) return { address: name, host: name, allowable: false, reason: `${name} is a cloud metadata service, which is never called` };
  // RFC 6761: localhost names are loopback, whatever a resolver says.
  if (name === 'localhost' || name.endsWith('.localhost')) return refusalFor('127.0.0.1', name, allow);
  return isIpLiteral(name) ? refusalFor(name, name, allow) : null;
}

/** Thrown before any connection is attempted, so a refusal says nothing about open or closed ports. */
export class OutboundRefusedError extends Error {
  readonly code = 'ERR_OUTBOUND_REFUSED';
  constructor(readonly refusal: Refusal) {
    super(`refused outbound request: ${refusal.reason}`);
    this.name = 'OutboundRefusedError';
  }
}
