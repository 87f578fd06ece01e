import { describe, expect, it } from 'vitest';
import { localPath, sameSiteRedirect } from '../../../lib/auth/local-path';

describe('localPath: where sign-in may send the browser', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    for (const path of ['/', '/tasks', '/tasks/abc?status=failed&q=x#runs', '/runs/42', '/%5Cnot-a-host']) expect(localPath(path)).toBe(path);
    expect(localPath('/a/../tasks')).toBe('/tasks');
  });

  it('sends everything that could leave the site to /', () => {
    for (const value of [
      '/\\127.0.0.2:39999/phish',
      '//evil.example/x',
      '/\\/evil.example',
      '\\\\evil.example',
      '/..//evil.example',
      '/./\\evil.example',
      '/%2e%2e//evil.example',
      '/a/../..//evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example/',
      'http://127.0.0.1:3300/tasks',
      'javascript:alert(1)',
      'evil.example',
      '',
      undefined,
      ['/tasks'],
    ]) {
      expect(localPath(value), JSON.stringify(value)).toBe('/');
    }
  });

  it("turns next-auth's own absolute URLs into paths, so the browser stays on the host it used", () => {
    const base = 'http://localhost:3300';
    expect(sameSiteRedirect('http://localhost:3300/sign-in', base)).toBe('/sign-in');
    expect(sameSiteRedirect('http://localhost:3300', base)).toBe('/');
    expect(sameSiteRedirect('http://localhost:3300/api/auth/error?error=CredentialsSignin', base)).toBe('/api/auth/error?error=CredentialsSignin');
    expect(sameSiteRedirect('/tasks', base)).toBe('/tasks');
    expect(sameSiteRedirect('http://localhost:3300.evil.example/x', base)).toBe('/');
    expect(sameSiteRedirect('http://localhost:3300//evil.example', base)).toBe('/');
    expect(sameSiteRedirect('/\\127.0.0.2:39999/phish', base)).toBe('/');
  });
});
