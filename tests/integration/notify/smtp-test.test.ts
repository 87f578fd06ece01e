import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRoute } from '../../../lib/api/v1/admin';
import { getEmailSettingsRoute, smtpTestRoute, updateEmailSettingsRoute } from '../../../lib/api/v1/smtp';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { startMailServer, type MailServer } from '../../helpers/mail';
import { notifyEnvironment } from '../../helpers/notify';
import { SMTP_PASSWORD_CONTEXT } from '../../../lib/notify/config';
import { open, secretKey } from '../../../lib/secrets/crypto';
import { secretKeyring } from '../../../lib/secrets/keys';
import { resealSecrets } from '../../../lib/secrets/reseal';

// Issue 11, point 2: Settings → Email stores SMTP with a write-only password, and "Send test
// email" answers within 15 s with the server's reply or the exact failure.

notifyEnvironment();
process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
const database = withTestDatabase();
withApiEnvironment(database);
let callers: Caller[];
let mail: MailServer;
let silent: net.Server;
const as = (label: string) => callers.find((c) => c.label === label)!.headers;
const AUTH = { user: 'sundial', pass: 'right-password' };
beforeAll(async () => {
  callers = await makeCallers(database);
  mail = await startMailServer({ auth: AUTH });
  // Accepts connections and never says a word.
  silent = net.createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
});
afterAll(async () => {
  await mail.close();
  await new Promise((r) => silent.close(r));
});

const save = (smtp: Record<string, unknown>, who = 'admin session') =>
  call(updateEmailSettingsRoute, 'PUT', '/api/v1/settings/email', { headers: as(who), body: { smtp: { host: '127.0.0.1', secure: false, from: 'Sundial <sundial@test>', ...smtp } } });
const test = (to = 'me@example.com', who = 'admin session') => call(smtpTestRoute, 'POST', '/api/v1/settings/smtp/test', { headers: as(who), body: { to } });

describe('SMTP settings and Send test email', () => {
  it('saves SMTP with a write-only password and sends a test that arrives', async () => {
    const res = await save({ port: mail.port, user: AUTH.user, password: AUTH.pass });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'settings', smtp: { host: '127.0.0.1', port: mail.port, user: 'sundial', passwordSet: true }, subjectPrefix: '[Sundial]' });
    const everything = JSON.stringify((await database.pool.query('select * from settings')).rows) + JSON.stringify((await database.pool.query('select * from audit_log')).rows);
    expect(everything).not.toContain(AUTH.pass);
    const started = Date.now();
    const sent = await test();
    expect(sent.body).toMatchObject({ ok: true, response: expect.stringMatching(/^250 /) });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(mail.received.at(-1)!.subject).toBe('[Sundial] Test message for SMTP settings');
    // Saving again without a password keeps the stored one.
    await save({ port: mail.port, user: AUTH.user });
    expect((await test()).body.ok).toBe(true);
    const audit = await call(auditRoute, 'GET', '/x?limit=1', { headers: as('admin session') });
    expect(audit.body.items[0]).toMatchObject({ action: 'settings.smtp_test' });
    // A key rotation re-seals the password, and the test still signs in with it.
    const ring = { current: secretKey('the next key, which is long enough to be one'), previous: [secretKeyring().current] };
    expect((await resealSecrets(database.pool, ring)).resealed).toContain('setting smtp');
    const stored = (await database.pool.query("select value from settings where key = 'smtp'")).rows[0].value;
    expect(open(ring, stored.passwordSealed, SMTP_PASSWORD_CONTEXT)).toBe(AUTH.pass);
    // This process still has the old key only: the stored password no longer opens here, and the test says so.
    expect((await test()).body).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('SUNDIAL_SECRET_KEY') } });
    await save({ port: mail.port, user: AUTH.user, password: AUTH.pass });
  });

  it('the subject prefix and footer are settings', async () => {
    await call(updateEmailSettingsRoute, 'PUT', '/x', { headers: as('admin session'), body: { subjectPrefix: '[Ops]', footer: 'Sent by the ops team' } });
    await test();
    const m = mail.received.at(-1)!;
    expect(m.subject).toBe('[Ops] Test message for SMTP settings');
    expect(m.text).toContain('Sent by the ops team');
    await call(updateEmailSettingsRoute, 'PUT', '/x', { headers: as('admin session'), body: { subjectPrefix: '[Sundial]', footer: '' } });
  });

  it('names each failure: auth refused, connection refused, TLS, timeout, DNS', async () => {
    await save({ port: mail.port, user: AUTH.user, password: 'wrong-password' });
    expect((await test()).body).toMatchObject({ ok: false, kind: 'auth', message: expect.stringContaining('535') });

    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await save({ port: closedPort });
    expect((await test()).body).toMatchObject({ ok: false, kind: 'connection-refused' });

    await save({ port: mail.port, secure: true });
    expect((await test()).body).toMatchObject({ ok: false, kind: 'tls' });

    await save({ port: (silent.address() as AddressInfo).port });
    const started = Date.now();
    expect((await test()).body).toMatchObject({ ok: false, kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(15_000);

    await save({ host: 'no-such-host.invalid', port: 25 });
    expect((await test()).body).toMatchObject({ ok: false, kind: 'dns' });

    await save({ host: '169.254.169.254', port: 25 });
    expect((await test()).body).toMatchObject({ ok: false, kind: 'refused-address' });
  }, 60_000);

  it('refuses bad input with field errors, and non-admins', async () => {
    expect((await save({ port: 70000 })).body.error.fields[0].field).toBe('smtp.port');
    expect((await save({ port: 25, host: '' })).status).toBe(422);
    expect((await test('not-an-address')).status).toBe(422);
    for (const who of ['operator session', 'viewer session']) {
      expect((await test('me@example.com', who)).status).toBe(403);
      expect((await save({ port: 25 }, who)).status).toBe(403);
      expect((await call(getEmailSettingsRoute, 'GET', '/x', { headers: as(who) })).status).toBe(403);
    }
  });
});
