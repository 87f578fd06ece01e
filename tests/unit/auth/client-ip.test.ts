import { describe, expect, it } from 'vitest';
import { parseProxy, resolveClientIp, trustedProxies } from '../../../lib/auth/client-ip';

const none = trustedProxies([]);
const proxy = trustedProxies(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);

describe('resolveClientIp', () => {
  it('ignores X-Forwarded-For when no proxy is trusted: a client could write anything there', () => {
    expect(resolveClientIp('198.51.100.7', '203.0.113.9', none)).toBe('198.51.100.7');
    expect(resolveClientIp('::ffff:198.51.100.7', undefined, none)).toBe('198.51.100.7');
    expect(resolveClientIp(undefined, undefined, none)).toBe('unknown');
  });

  it('ignores the header from a peer that is not a trusted proxy', () => {
    expect(resolveClientIp('198.51.100.7', '203.0.113.9', proxy)).toBe('198.51.100.7');
  });

  it('takes the address the trusted proxy saw, not what the client prepended', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real peer.
    expect(resolveClientIp('::ffff:127.0.0.1', '1.2.3.4, 203.0.113.9', proxy)).toBe('203.0.113.9');
  });

  it('walks back through a chain of trusted proxies, over IPv4 and IPv6', () => {
    expect(resolveClientIp('127.0.0.1', '203.0.113.9, 10.1.2.3, 10.0.0.5', proxy)).toBe('203.0.113.9');
    expect(resolveClientIp('fd00::1', '2001:db8::42, fd12::7', proxy)).toBe('2001:db8::42');
    expect(resolveClientIp('127.0.0.1', ['203.0.113.9', '10.0.0.5'], proxy)).toBe('203.0.113.9');
  });

  it('stops at a malformed hop and keeps the last address it could vouch for', () => {
    expect(resolveClientIp('127.0.0.1', 'evil, 10.0.0.5', proxy)).toBe('10.0.0.5');
    expect(resolveClientIp('127.0.0.1', '', proxy)).toBe('127.0.0.1');
  });
});

describe('parseProxy', () => {
  it('accepts addresses and CIDR ranges, and nothing else', () => {
    expect(parseProxy('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8 });
    expect(parseProxy(' ::1 ')).toEqual({ address: '::1' });
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'proxy.local', '10.0.0.1/8/8', '10.0.0.0/x', '']) expect(parseProxy(bad), bad).toBeNull();
  });
});
