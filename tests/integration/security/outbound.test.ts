import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedAgent } from '../../../lib/outbound/agent';
import { outboundFetch } from '../../../lib/outbound/request';
import { OutboundRefusedError, emptyAllowList, parseAllowList, type AllowList } from '../../../lib/outbound/rule';

// Issue 10 point 3: an http task could read internal services, under any spelling of their
// address, through a redirect, and tell open ports from closed ones by the error.

type Target = { server: Server; port: number; hits: string[] };

async function listen(host: string, handler: (path: string, res: import('node:http').ServerResponse) => void): Promise<Target> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req.url ?? '', res);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

const allowOf = (value: string): AllowList => {
  const parsed = parseAllowList(value.split(','));
  if (!parsed.ok) throw new Error(parsed.bad);
  return parsed.list;
};

async function refusal(url: string, allow: AllowList = emptyAllowList): Promise<OutboundRefusedError> {
  const err = await outboundFetch(url, { allow }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, url).toBeInstanceOf(OutboundRefusedError);
  return err as OutboundRefusedError;
}

let internal: Target; // the internal service: must never be reached unless allowed
let internal6: Target;
let relay: Target; // an allowed host that redirects wherever ?to= says
let closedPort = 0;

beforeAll(async () => {
  internal = await listen('127.0.0.1', (_p, res) => res.end('internal secret'));
  internal6 = await listen('::1', (_p, res) => res.end('internal secret'));
  relay = await listen('127.0.0.2', (p, res) => {
    const to = new URL(p, 'http://x').searchParams.get('to');
    res.writeHead(302, { location: to ?? '/' }).end();
  });
  const probe = await listen('127.0.0.1', () => {});
  closedPort = probe.port;
  await new Promise((r) => probe.server.close(r));
});

afterAll(async () => {
  for (const t of [internal, internal6, relay]) {
    t?.server.closeAllConnections();
    await new Promise((r) => t?.server.close(r));
  }
});

describe('the outbound guard', () => {
  it('refuses every spelling of a loopback address, names it and the variable to set, and never connects', async () => {
    const p = internal.port;
    const spellings = [
      `http://127.0.0.1:${p}/`,
      `http://localhost:${p}/`,
      `http://LocalHost.:${p}/`,
      `http://2130706433:${p}/`,
      `http://0x7f000001:${p}/`,
      `http://0x7f.1:${p}/`,
      `http://0177.0.0.1:${p}/`,
      `http://127.1:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::ffff:7f00:1]:${p}/`,
      `https://127.0.0.1:${p}/`,
    ];
    for (const url of spellings) {
      const err = await refusal(url);
      expect(err.message, url).toMatch(/127\.0\.0\.1.* loopback address; add .*127\.0\.0\.1 to SUNDIAL_OUTBOUND_ALLOW/);
    }
    expect((await refusal(`http://[::1]:${internal6.port}/`)).message).toContain('::1 is a loopback address');
    expect(internal.hits).toEqual([]);
    expect(internal6.hits).toEqual([]);
  });

  it('refuses the unspecified address (0.0.0.0 reaches this host) even when everything is allowed', async () => {
    for (const url of [`http://0.0.0.0:${internal.port}/`, `http://0:${internal.port}/`, `http://[::]:${internal6.port}/`]) await refusal(url, allowOf('0.0.0.0/0,::/0'));
    expect(internal.hits).toEqual([]);
  });

  it('refuses link-local and cloud metadata addresses whatever the allow-list says', async () => {
    const all = allowOf('0.0.0.0/0,::/0,metadata.google.internal');
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://[fe80::1]/', 'http://100.100.100.200/', 'http://metadata.google.internal/computeMetadata/v1/', 'http://[::ffff:169.254.169.254]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::1]/']) {
      const err = await refusal(url, all);
      expect(err.refusal.allowable, url).toBe(false);
      expect(err.message).toMatch(/never called/);
    }
  });

  it('checks the addresses the connection is made to: a name that resolves (or rebinds) to an internal address is refused', async () => {
    // The resolver the socket connects with: what a rebinding DNS server answers at connect time.
    for (const answer of [['127.0.0.1'], ['93.184.215.14', '127.0.0.1']]) {
      const agent = guardedAgent(emptyAllowList, (_host, _options, callback) => callback(null, answer.map((address) => ({ address, family: 4 }))));
      const err = await fetch(`http://rebind.example:${internal.port}/`, { dispatcher: agent }).then(() => null, (e: { cause?: unknown }) => e.cause);
      expect(err).toBeInstanceOf(OutboundRefusedError);
      expect((err as Error).message).toContain('127.0.0.1 (rebind.example) is a loopback address; add rebind.example or 127.0.0.1 to SUNDIAL_OUTBOUND_ALLOW');
      await agent.close();
    }
    expect(internal.hits).toEqual([]);
  });

  it('says the same about an open and a closed port: a refusal is not a port scanner', async () => {
    const open = (await refusal(`http://127.0.0.1:${internal.port}/`)).message;
    const closed = (await refusal(`http://127.0.0.1:${closedPort}/`)).message;
    expect(open).toBe(closed);
  });

  it('checks every redirect: a 302 from an allowed host to an internal one is refused', async () => {
    const allow = allowOf('127.0.0.2');
    for (const to of [`http://127.0.0.1:${internal.port}/`, `http://localhost:${internal.port}/`, `http://2130706433:${internal.port}/`, `http://169.254.169.254/`]) {
      const err = await refusal(`http://127.0.0.2:${relay.port}/?to=${encodeURIComponent(to)}`, allow);
      expect(err.message).toMatch(/127\.0\.0\.1|169\.254\.169\.254/);
    }
    expect((await refusal(`http://127.0.0.2:${relay.port}/?to=${encodeURIComponent('file:///etc/passwd')}`, allow)).message).toContain('file: is not http or https');
    expect(internal.hits).toEqual([]);
    expect(relay.hits.length).toBe(5);
  });

  it('follows at most 5 redirects', async () => {
    const allow = allowOf('127.0.0.2');
    const loop = `http://127.0.0.2:${relay.port}/?to=${encodeURIComponent(`/?to=${encodeURIComponent('/loop')}`)}`;
    relay.hits.length = 0;
    // /loop redirects to "/" which redirects to "/": an endless chain on the same host.
    await expect(outboundFetch(loop, { allow })).rejects.toThrow(/stopped after 5 redirects/);
    expect(relay.hits.length).toBe(6);
  });

  it('lets through what SUNDIAL_OUTBOUND_ALLOW names: an address, a range, a host name', async () => {
    for (const [allowed, url] of [
      ['127.0.0.1', `http://127.0.0.1:${internal.port}/a`],
      ['127.0.0.0/8', `http://2130706433:${internal.port}/b`],
      ['localhost', `http://localhost:${internal.port}/c`],
      ['::1', `http://[::1]:${internal6.port}/d`],
    ] as const) {
      const response = await outboundFetch(url, { allow: allowOf(allowed) });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('internal secret');
    }
    expect(internal.hits).toEqual(['/a', '/b', '/c']);
    // A host name lets only its own lookups through: the literal address stays refused.
    await refusal(`http://127.0.0.1:${internal.port}/e`, allowOf('localhost'));
  });

  it('follows an allowed redirect, dropping the Authorization header on the way to another origin', async () => {
    const seen: (string | undefined)[] = [];
    const target = await listen('127.0.0.1', (_p, res) => res.end('ok'));
    target.server.prependListener('request', (req) => seen.push(req.headers.authorization));
    const allow = allowOf('127.0.0.0/8');
    const response = await outboundFetch(`http://127.0.0.2:${relay.port}/?to=${encodeURIComponent(`http://127.0.0.1:${target.port}/final`)}`, { allow, headers: { authorization: 'Bearer t' } });
    expect(await response.text()).toBe('ok');
    expect(seen).toEqual([undefined]);
    await new Promise((r) => target.server.close(r));
  });
});
