import { beforeAll, describe, expect, it } from 'vitest';
import { makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { request, withWebServer, type Answer } from '../../helpers/web-server';

// Point 9 of issue 10: security headers on every page and API answer; HSTS and Secure cookies
// only when the public URL is https.

const database = withTestDatabase();
withApiEnvironment(database);
const plain = withWebServer(database);
const tls = withWebServer(database, { NEXTAUTH_URL: 'https://sundial.example' });

let viewer: Caller;
beforeAll(async () => {
  viewer = (await makeCallers(database)).find((c) => c.label === 'viewer session')!;
});

const directives = (answer: Answer) =>
  Object.fromEntries(String(answer.headers['content-security-policy']).split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

function expectCommonHeaders(answer: Answer) {
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['referrer-policy']).toBe('same-origin');
  expect(answer.headers['permissions-policy']).toMatch(/camera=\(\)/);
  expect(answer.headers['x-frame-options']).toBe('DENY');
  const csp = directives(answer);
  expect(csp['frame-ancestors']).toEqual(["'none'"]);
  expect(csp['script-src']).toContain("'strict-dynamic'");
  expect(csp['script-src']?.some((s: string) => s.startsWith("'nonce-"))).toBe(true);
  expect(String(answer.headers['content-security-policy'])).not.toMatch(/unsafe-eval/);
  expect(csp['script-src']).not.toContain("'unsafe-inline'");
}

describe('pages', () => {
  it.each([
    ['the sign-in page', '/sign-in', false],
    ['the tasks page, signed in', '/tasks', true],
    ['a page that does not exist', '/no-such-page', true],
  ])('%s carries every header, and each of its scripts the nonce of this answer', async (_what, path, signedIn) => {
    const answer = await request(plain, 'GET', path, { headers: signedIn ? viewer.headers : {} });
    expect(answer.status).toBeLessThan(500);
    expectCommonHeaders(answer);
    expect(answer.headers['strict-transport-security']).toBeUndefined();
    const nonce = directives(answer)['script-src']!.find((s: string) => s.startsWith("'nonce-"))!.slice(7, -1);
    const scripts = [...answer.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('a fresh nonce on every answer', async () => {
    const [a, b] = await Promise.all([request(plain, 'GET', '/sign-in'), request(plain, 'GET', '/sign-in')]);
    expect(directives(a)['script-src']).not.toEqual(directives(b)['script-src']);
  });
});

describe('API answers', () => {
  it.each([
    ['a list', '/api/v1/tasks', 200],
    ['the OpenAPI document', '/api/openapi.json', 200],
    ['a refusal', '/api/v1/users', 403],
    ['an unknown path', '/api/v1/no-such-thing', 404],
  ])('%s carries every header and Cache-Control: no-store', async (_what, path, status) => {
    const answer = await request(plain, 'GET', path, { headers: viewer.headers });
    expect(answer.status).toBe(status);
    expectCommonHeaders(answer);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('health, without credentials, too', async () => {
    const answer = await request(plain, 'GET', '/api/health');
    expectCommonHeaders(answer);
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});

describe('with an https public URL', () => {
  it('pages and API answers add HSTS, and the CSP upgrades insecure requests', async () => {
    for (const path of ['/sign-in', '/api/health']) {
      const answer = await request(tls, 'GET', path);
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(directives(answer)['upgrade-insecure-requests']).toEqual([]);
    }
  });

  it('cookies are Secure', async () => {
    const answer = await request(tls, 'GET', '/api/auth/csrf');
    const cookies = answer.headers['set-cookie'] ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
  });

  it('while over plain http they are not', async () => {
    const answer = await request(plain, 'GET', '/api/auth/csrf');
    for (const c of answer.headers['set-cookie'] ?? []) expect(c).not.toMatch(/;\s*Secure/i);
  });
});
