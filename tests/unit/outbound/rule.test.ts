import { describe, expect, it } from 'vitest';
import { describeAllowList, parseAllowList, refusalFor, refusalForHost, type AllowList } from '../../../lib/outbound/rule';
import { outboundUrlProblem } from '../../../lib/outbound/url';

const list = (text: string): AllowList => {
  const parsed = parseAllowList(text.split(','));
  if (!parsed.ok) throw new Error(parsed.bad);
  return parsed.list;
};

describe('SUNDIAL_OUTBOUND_ALLOW', () => {
  it('reads addresses, CIDR ranges (IPv4 and IPv6), host names and wildcards, and names the first bad entry', () => {
    expect(describeAllowList(list(' 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8,LocalHost,*.corp.internal,'))).toBe('127.0.0.1/32, 10.0.0.0/8, ::1/128, fd00::/8, localhost, *.corp.internal');
    for (const bad of ['10.0.0.0/33', '300.1.1.1', 'fd00::/129', 'http://x', 'a b', '1.2.3.4/8/9']) expect(parseAllowList([bad])).toEqual({ ok: false, bad });
  });

  it('lets a host name reach its own internal addresses, never link-local ones', () => {
    const allow = list('*.corp.internal');
    expect(refusalFor('10.1.2.3', 'build.corp.internal', allow)).toBeNull();
    expect(refusalFor('10.1.2.3', 'corp.internal.evil.example', allow)?.allowable).toBe(true);
    expect(refusalFor('169.254.169.254', 'build.corp.internal', allow)?.allowable).toBe(false);
  });

  it('passes public addresses and refuses internal ones by range', () => {
    const none = list('');
    expect(refusalFor('93.184.215.14', 'example.com', none)).toBeNull();
    expect(refusalFor('2606:2800:21f:cb07:6820:80da:af6b:8b2c', 'example.com', none)).toBeNull();
    for (const internal of ['10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', 'fc00::1', '::127.0.0.1', '64:ff9b::7f00:1']) {
      expect(refusalFor(internal, internal, none)?.allowable, internal).toBe(true);
    }
    expect(refusalForHost('metadata.google.internal.', list('0.0.0.0/0'))?.allowable).toBe(false);
    expect(refusalForHost('app.localhost', none)?.reason).toContain('loopback');
  });

  it('at save time, refuses what can never be called and nothing else', () => {
    expect(outboundUrlProblem('HTTPS://Example.com/a?b')).toBeNull();
    expect(outboundUrlProblem('http://10.0.0.1/')).toBeNull();
    expect(outboundUrlProblem('data:text/plain,hi')).toBe('must be an http:// or https:// URL');
    expect(outboundUrlProblem('https://:pw@example.com/')).toBe('must not contain credentials: use an Authorization header');
    expect(outboundUrlProblem('http://[fe80::1]/')).toMatch(/never called/);
  });
});
