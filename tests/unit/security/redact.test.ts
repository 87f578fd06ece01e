import { describe, expect, it } from 'vitest';
import { isSecretName, keepRedacted, redact, redactText, redactionMarks } from '../../../lib/redact';

describe('isSecretName', () => {
  it('covers the named headers and any name with token, secret, password, passwd, apikey or auth in it', () => {
    for (const name of ['Authorization', 'Proxy-Authorization', 'Cookie', 'X-Api-Key', 'x_api_key', 'X-Auth-Token', 'client_secret', 'PASSWD', 'dbPassword', 'SMTP_PASS', 'keyHash', 'key', 'oauth']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['name', 'url', 'method', 'Content-Type', 'keyboard', 'status']) expect(isSecretName(name), name).toBe(false);
  });
});

describe('redact', () => {
  it('hides secret-named fields at any depth, and keeps facts about them', () => {
    expect(
      redact({ password: 'p', newPassword: 'n', SMTP_PASS: 's', config: { headers: { Authorization: 'Bearer t' }, apiKey: 'k' }, keyHash: 'h', key: 'sdk_x', passwordChanged: true, name: 'ok' }),
    ).toEqual({
      password: '[redacted]',
      newPassword: '[redacted]',
      SMTP_PASS: '[redacted]',
      config: { headers: { Authorization: '[redacted]' }, apiKey: '[redacted]' },
      keyHash: '[redacted]',
      key: '[redacted]',
      passwordChanged: true,
      name: 'ok',
    });
  });

  it('hides custom auth headers, URL credentials, query secrets and JSON bodies', () => {
    const config = {
      url: 'https://bob:hunter2@api.example.com/v1?access_token=abc123&page=2',
      headers: { 'X-Custom-Auth': 'xyz', 'X-Vendor-Token': 'tok', Accept: 'application/json' },
      body: '{"user":"bob","password":"pw1","nested":{"client_secret":"cs"}}',
      list: [{ secret: 42 }],
    };
    const out = JSON.stringify(redact(config));
    for (const value of ['hunter2', 'abc123', 'xyz', '"tok"', 'pw1', '"cs"', '42']) expect(out).not.toContain(value);
    expect(out).toContain('page=2');
    expect(out).toContain('application/json');
    expect(out).toContain('bob');
  });

  it('keeps references to named secrets readable', () => {
    expect(redact({ headers: { Authorization: 'Bearer {{secrets.BANK_TOKEN}}' }, url: 'https://x.test/?token={{secrets.T}}' })).toEqual({
      headers: { Authorization: 'Bearer {{secrets.BANK_TOKEN}}' },
      url: 'https://x.test/?token={{secrets.T}}',
    });
    expect(redact({ token: 'abc{{secrets.T}}' })).toEqual({ token: '[redacted]' });
  });
});

describe('redactText', () => {
  it('cleans log lines and error messages', () => {
    expect(redactText('GET https://u:p4ss@h.test/x?apikey=k1&q=1 -> 200')).toBe('GET https://u:[redacted]@h.test/x?apikey=[redacted]&q=1 -> 200');
    expect(redactText('sent Authorization: Bearer s3cret to h')).toBe('sent Authorization: [redacted] to h');
    expect(redactText('curl -H "Bearer abc.def.ghi"')).toBe('curl -H "Bearer [redacted]"');
    expect(redactText('password=hunter2&user=bob')).toBe('password=[redacted]&user=bob');
    expect(redactText('the token expired at 12:30')).toBe('the token expired at 12:30');
    expect(redactText('> Cookie: sid=abc; theme=dark\n> Accept: */*')).toBe('> Cookie: [redacted]\n> Accept: */*');
  });
});

describe('keepRedacted', () => {
  const stored = { url: 'https://h.test/?token=t1&a=1', headers: { Authorization: 'Bearer s3cret', Accept: 'x' } };

  it('keeps what the client sent back unchanged, and takes what it changed', () => {
    const shown = redact(stored) as typeof stored;
    expect(keepRedacted(shown, stored)).toEqual(stored);
    const edited = { ...shown, headers: { ...shown.headers, Authorization: 'Bearer new' } };
    expect(keepRedacted(edited, stored)).toEqual({ ...stored, headers: { ...stored.headers, Authorization: 'Bearer new' } });
    expect(redactionMarks(keepRedacted({ headers: { 'X-Token': '[redacted]' } }, stored))).toEqual(['headers.X-Token']);
  });
});
