import { describe, expect, it } from 'vitest';
import { StartupError } from '../../lib/errors';
import { parseEnv, redactUrl, requireDatabaseUrl } from '../../lib/env';

const message = (source: Record<string, string>) => {
  try {
    parseEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(StartupError);
    return (err as Error).message;
  }
  throw new Error('expected parseEnv to fail');
};

describe('parseEnv', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.SUNDIAL_DATA_DIR).toBe('.sundial');
    expect(env.SCHEDULER_ENABLED).toBe(true);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SUNDIAL_DB_CONNECT_TIMEOUT).toBe(10);
  });

  it('reads the trusted proxies as a list, and names a bad entry', () => {
    expect(parseEnv({}).SUNDIAL_TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ SUNDIAL_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,' }).SUNDIAL_TRUSTED_PROXIES).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(message({ SUNDIAL_TRUSTED_PROXIES: '127.0.0.1,proxy.local' })).toMatch(/^SUNDIAL_TRUSTED_PROXIES must be a comma-separated list .* \(got "127\.0\.0\.1,proxy\.local"\)$/);
  });

  it('names the variable and what it expects for a bad port', () => {
    expect(message({ PORT: 'abc' })).toBe('PORT must be a TCP port number from 1 to 65535 (got "abc")');
    expect(message({ PORT: '70000' })).toMatch(/^PORT must be/);
    expect(message({ SMTP_PORT: '-1' })).toMatch(/^SMTP_PORT must be/);
  });

  it('rejects a DATABASE_URL that is not a postgres URL without echoing it', () => {
    const text = message({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(text).toMatch(/^DATABASE_URL must be a postgres:\/\/ URL/);
    expect(text).not.toContain('hunter2');
    expect(message({ DATABASE_URL: 'not a url' })).toMatch(/^DATABASE_URL/);
  });

  it('reads booleans and treats empty strings as unset', () => {
    expect(parseEnv({ SCHEDULER_ENABLED: 'false' }).SCHEDULER_ENABLED).toBe(false);
    expect(parseEnv({ SCHEDULER_ENABLED: 'ON' }).SCHEDULER_ENABLED).toBe(true);
    expect(parseEnv({ PORT: '' }).PORT).toBe(3000);
    expect(message({ SCHEDULER_ENABLED: 'maybe' })).toBe('SCHEDULER_ENABLED must be true or false (got "maybe")');
  });

  it('checks admin email and password length without printing the password', () => {
    expect(message({ ADMIN_EMAIL: 'nobody' })).toMatch(/^ADMIN_EMAIL must be an email address/);
    const text = message({ ADMIN_PASSWORD: 'short' });
    expect(text).toBe('ADMIN_PASSWORD must be at least 8 characters');
  });

  it('says how to get a database when none is configured', () => {
    expect(() => requireDatabaseUrl(parseEnv({}))).toThrow(/DATABASE_URL is not set: run `npm start`/);
  });
});

describe('redactUrl', () => {
  it('masks the password and keeps the rest', () => {
    expect(redactUrl('postgres://sundial:s3cret@db.internal:5432/sundial')).toBe('postgres://sundial:***@db.internal:5432/sundial');
  });
});
