import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../../db/schema';
import { createApiKeyRoute } from '../../../lib/api/v1/api-keys';
import { createUserRoute } from '../../../lib/api/v1/users';
import { authOptions } from '../../../lib/auth/options';
import { hashPassword } from '../../../lib/auth/password';
import { createLogger, guardConsole } from '../../../lib/log';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';

// Issue 10 point 10: a failed insert logged its SQL parameters, a bcrypt hash and an API
// key hash among them. A database error is logged by code and constraint only.

const database = withTestDatabase();
withApiEnvironment(database);

let admin: Caller;
beforeAll(async () => {
  admin = (await makeCallers(database)).find((c) => c.label === 'admin session')!;
  // Inserts the database refuses, as a race or a new constraint would make them fail.
  await database.pool.query(`alter table users add constraint refuse_doomed_user check (email <> 'doomed@example.com')`);
  await database.pool.query(`alter table api_keys add constraint refuse_doomed_key check (name <> 'doomed key')`);
});

/** Everything written to stdout and stderr while `fn` runs. */
async function output(fn: () => Promise<unknown>): Promise<string> {
  const written: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return written.join('');
}

describe('server logs', () => {
  it('a user insert the database refuses answers 500 and logs code and constraint, not the email or the password hash', async () => {
    let status = 0;
    const logged = await output(async () => {
      status = (await call(createUserRoute, 'POST', '/api/v1/users', { headers: admin.headers, body: { email: 'doomed@example.com', role: 'viewer', password: 'correct-horse-doomed-1' } })).status;
    });
    expect(status).toBe(500);
    const line = JSON.parse(logged.split('\n').find((l) => l.includes('unexpected API error'))!);
    expect(line.err).toMatchObject({ code: '23514', constraint: 'refuse_doomed_user', table: 'users' });
    expect(logged).not.toMatch(/\$2[aby]\$/); // a bcrypt hash
    expect(logged).not.toContain('doomed@example.com');
    expect(logged).not.toContain('correct-horse-doomed-1');
    expect(logged).not.toContain('params');
  });

  it('an API key insert the database refuses logs no key hash', async () => {
    const { rows: before } = await database.pool.query('select key_hash from api_keys');
    const logged = await output(() => call(createApiKeyRoute, 'POST', '/api/v1/api-keys', { headers: admin.headers, body: { name: 'doomed key', role: 'operator' } }));
    expect(logged).toContain('refuse_doomed_key');
    expect(logged).not.toContain('doomed key');
    expect(logged).not.toMatch(/[0-9a-f]{64}/); // a sha-256 key hash
    expect(before.length).toBeGreaterThan(0);
  });

  it('the worker logger writes a failed query as code, constraint and stack frames', async () => {
    const lines: string[] = [];
    const log = createLogger('worker', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const hash = await hashPassword('another-doomed-password');
    const err = await database.db
      .insert(users)
      .values({ email: 'doomed@example.com', role: 'viewer', passwordHash: hash })
      .then(() => null, (e: unknown) => e);
    expect(String(err)).toContain(hash); // what used to be logged
    log.error({ err }, 'insert failed');
    const entry = JSON.parse(lines[0]!);
    expect(entry.err).toMatchObject({ code: '23514', constraint: 'refuse_doomed_user', message: expect.stringContaining('refuse_doomed_user') });
    expect(entry.err.stack).toMatch(/\n\s+at /);
    expect(lines.join('')).not.toContain(hash);
    expect(lines.join('')).not.toContain('doomed@example.com');
  });

  it('what Next.js and next-auth print through the console keeps the parameters out too', async () => {
    const printed: unknown[][] = [];
    const target = { error: (...args: unknown[]) => printed.push(args), warn: (...args: unknown[]) => printed.push(args) };
    guardConsole(target);
    const hash = await hashPassword('console-doomed-password');
    const err = await database.db
      .insert(users)
      .values({ email: 'doomed@example.com', role: 'viewer', passwordHash: hash })
      .then(() => null, (e: unknown) => e);
    target.error('⨯', err, { digest: '1' });
    target.warn(new Error('wrapped', { cause: err }));
    target.error(new Error('an ordinary error keeps its message'));
    const text = printed.map((args) => args.map((a) => (a instanceof Error ? a.stack : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')).join('\n');
    expect(text).toContain('refuse_doomed_user');
    expect(text).toContain('caused by');
    expect(text).toContain('an ordinary error keeps its message');
    expect(text).not.toContain(hash);
    expect(text).not.toContain('doomed@example.com');
  });

  it("next-auth's error log (a sign-in whose write failed) goes through the same serializer", async () => {
    const hash = await hashPassword('next-auth-doomed-password');
    const err = await database.db
      .insert(users)
      .values({ email: 'doomed@example.com', role: 'viewer', passwordHash: hash })
      .then(() => null, (e: unknown) => e as Error);
    const logged = await output(async () => authOptions().logger!.error!('CALLBACK_CREDENTIALS_HANDLER_ERROR', { error: err!, message: err!.message }));
    expect(JSON.parse(logged).err).toMatchObject({ code: '23514', constraint: 'refuse_doomed_user' });
    expect(logged).not.toContain(hash);
    expect(logged).not.toContain('doomed@example.com');
  });
});
