import ipaddr from 'ipaddr.js';

// What an address is, for the outbound rule. Pure (ipaddr.js only): the task form runs it too.

/** Never reachable, whatever the allow-list says: link-local, cloud metadata, and addresses that are not one host. */
export type AddressClass = 'public' | 'always-refused' | 'internal';

// Cloud metadata services outside 169.254.0.0/16: AWS over IPv6, Alibaba Cloud.
const METADATA_ADDRESSES = new Set(['fd00:ec2::254', '100.100.100.200'].map((a) => ipaddr.parse(a).toNormalizedString()));
const ALWAYS_REFUSED_RANGES = new Set(['unspecified', 'linkLocal', 'broadcast', 'multicast']);

/** Host names of cloud metadata services; they are refused before any lookup. */
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'metadata.azure.internal', 'instance-data', 'instance-data.ec2.internal']);

/** "Example.COM." -> "example.com"; "[::1]" -> "::1". */
export function normalHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

export const isMetadataHost = (host: string) => METADATA_HOSTS.has(normalHost(host));

/** A literal address as the WHATWG URL parser leaves it (it already turned 2130706433 and 0x7f.1 into 127.0.0.1). */
export const isIpLiteral = (host: string) => ipaddr.IPv4.isValidFourPartDecimal(normalHost(host)) || ipaddr.IPv6.isValid(normalHost(host));

/** The address as ipaddr.js reads it, an IPv4-mapped IPv6 address as the IPv4 one it stands for. */
export function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.process(normalHost(address));
  } catch {
    return null;
  }
}

/** A human word for the range, used in refusals. */
export function rangeName(ip: ipaddr.IPv4 | ipaddr.IPv6): string {
  const range = ip.range();
  if (range === 'loopback') return 'loopback';
  if (range === 'private' || range === 'uniqueLocal') return 'private';
  if (range === 'linkLocal') return 'link-local';
  return range === 'unicast' ? 'reserved' : range;
}

/** The IPv4 address a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address stands for. */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const bytes = ip.toByteArray();
  if (ip.range() === 'rfc6052' && ip.match(ipaddr.parseCIDR('64:ff9b::/96'))) return new ipaddr.IPv4(bytes.slice(12, 16));
  if (ip.range() === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

export function classify(ip: ipaddr.IPv4 | ipaddr.IPv6): AddressClass {
  const range = ip.range();
  // A translated metadata address is as refused as the address itself.
  const embedded = ip.kind() === 'ipv6' ? embeddedIPv4(ip as ipaddr.IPv6) : null;
  if (embedded && classify(embedded) === 'always-refused') return 'always-refused';
  if (ALWAYS_REFUSED_RANGES.has(range)) return 'always-refused';
  if (METADATA_ADDRESSES.has(ip.toNormalizedString())) return 'always-refused';
  // IPv4-compatible IPv6 (::a.b.c.d) is deprecated and ipaddr.js calls it unicast.
  if (ip.kind() === 'ipv6' && ip.match(ipaddr.parseCIDR('::/96'))) return 'internal';
  return range === 'unicast' ? 'public' : 'internal';
}
