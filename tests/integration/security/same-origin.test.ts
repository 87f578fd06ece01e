import { beforeAll, describe, expect, it } from 'vitest';
import { makeCallers, withApiEnvironment } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';
import { request, withWebServer } from '../../helpers/web-server';

// Point 8 of issue 10: the same-origin check compares scheme, host and port, and believes
// X-Forwarded-Host and X-Forwarded-Proto only from SUNDIAL_TRUSTED_PROXIES. The server trusts
// 127.0.0.1; a request made from 127.0.0.2 is an untrusted peer.

const database = withTestDatabase();
withApiEnvironment(database);
const server = withWebServer(database, { SUNDIAL_TRUSTED_PROXIES: '127.0.0.1' });
const UNTRUSTED = '127.0.0.2';

let cookie: string;
beforeAll(async () => {
  cookie = (await makeCallers(database)).find((c) => c.label === 'admin session')!.headers.cookie!;
});

let n = 0;
const task = () => makeTask(database, { name: `origin ${++n}`, schedule: { kind: 'manual' } });
const auditCount = async () => Number((await database.pool.query('select count(*) from audit_log')).rows[0].count);

/** The mutations the review found open to a forged X-Forwarded-Host. */
const mutations: { name: string; send: (headers: Record<string, string>, from?: string) => Promise<{ status: number }> }[] = [
  { name: 'disable', send: async (h, from) => request(server, 'POST', `/api/v1/tasks/${(await task()).id}/disable`, { headers: h, from }) },
  { name: 'PATCH', send: async (h, from) => request(server, 'PATCH', `/api/v1/tasks/${(await task()).id}`, { headers: h, from, body: JSON.stringify({ description: 'x' }) }) },
  { name: 'run', send: async (h, from) => request(server, 'POST', `/api/v1/tasks/${(await task()).id}/run`, { headers: h, from, body: '{}' }) },
  { name: 'DELETE', send: async (h, from) => request(server, 'DELETE', `/api/v1/tasks/${(await task()).id}`, { headers: h, from }) },
  { name: 'scheduler', send: (h, from) => request(server, 'PUT', '/api/v1/scheduler', { headers: h, from, body: JSON.stringify({ paused: false }) }) },
  { name: 'API key creation', send: (h, from) => request(server, 'POST', '/api/v1/api-keys', { headers: h, from, body: JSON.stringify({ name: `k${++n}`, role: 'viewer' }) }) },
];

describe('from an untrusted peer', () => {
  it.each(mutations.map((m) => [m.name, m] as const))('%s with a forged X-Forwarded-Host and a matching Origin is refused', async (_name, m) => {
    const before = await auditCount();
    const res = await m.send({ cookie, 'x-forwarded-host': 'evil.example', origin: 'http://evil.example' }, UNTRUSTED);
    expect(res.status).toBe(403);
    expect(await auditCount()).toBe(before);
  });

  it('the same request with its own Origin passes', async () => {
    for (const m of mutations) expect((await m.send({ cookie, origin: server.url }, UNTRUSTED)).status, m.name).toBeLessThan(300);
  });

  it.each([
    ['another scheme', () => ({ origin: server.url.replace('http:', 'https:') })],
    ['another port', () => ({ origin: `http://127.0.0.1:${server.port + 1}` })],
    ['a forged X-Forwarded-Proto', () => ({ origin: server.url.replace('http:', 'https:'), 'x-forwarded-proto': 'https' })],
    ['a forged stamp of our own', () => ({ origin: 'http://evil.example', 'x-sundial-origin': 'http://evil.example' })],
  ])('%s is refused', async (_what, headers) => {
    expect((await mutations[0]!.send({ cookie, ...headers() }, UNTRUSTED)).status).toBe(403);
  });
});

describe('from a trusted proxy', () => {
  it('X-Forwarded-Host and X-Forwarded-Proto name the public origin', async () => {
    const forwarded = { 'x-forwarded-host': 'sundial.example', 'x-forwarded-proto': 'https' };
    expect((await mutations[0]!.send({ cookie, ...forwarded, origin: 'https://sundial.example' })).status).toBe(200);
    expect((await mutations[0]!.send({ cookie, ...forwarded, origin: 'http://sundial.example' })).status).toBe(403);
    expect((await mutations[0]!.send({ cookie, ...forwarded, origin: 'https://sundial.example:8443' })).status).toBe(403);
  });
});
