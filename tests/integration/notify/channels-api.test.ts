import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { auditRoute } from '../../../lib/api/v1/admin';
import { createChannelRoute, deleteChannelRoute, getChannelRoute, listChannelsRoute, rotateChannelSecretRoute, testChannelRoute, updateChannelRoute } from '../../../lib/api/v1/channels';
import { resealSecrets } from '../../../lib/secrets/reseal';
import { secretKey } from '../../../lib/secrets/crypto';
import { secretKeyring } from '../../../lib/secrets/keys';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { startMailServer, startReceiver, type HttpReceiver, type MailServer } from '../../helpers/mail';
import { notifyEnvironment, testSender, useSmtp } from '../../helpers/notify';
import type { Sender } from '../../../worker/sender';

// Issue 11, points 1 and 9: channels are admin-only, their secret parts write-only, a
// webhook's signing secret shown once (on create and rotate), and "Send test" answers the outcome.

notifyEnvironment();
// The API warns by this process's allow-list; the test sender allows 127.0.0.1 on its own.
delete process.env.SUNDIAL_OUTBOUND_ALLOW;
const database = withTestDatabase();
withApiEnvironment(database);

let callers: Caller[];
let mail: MailServer;
let hook: HttpReceiver;
let sender: Sender;
const as = (label: string) => callers.find((c) => c.label === label)!.headers;
beforeAll(async () => {
  callers = await makeCallers(database);
  mail = await startMailServer();
  hook = await startReceiver();
  await useSmtp(database, mail.port);
  sender = testSender(database);
  sender.start();
});
afterAll(async () => {
  await sender.stop();
  await mail.close();
  await hook.close();
});

const create = (body: unknown, who = 'admin session') => call(createChannelRoute, 'POST', '/api/v1/channels', { headers: as(who), body });
const everything = async () =>
  JSON.stringify((await database.pool.query('select * from notification_channels')).rows) + JSON.stringify((await database.pool.query('select * from audit_log')).rows);
const SLACK = 'https://hooks.slack.com/services/T0/B0/very-secret-slack-path';

describe('channels API', () => {
  it('an admin creates an email channel, and "Send test" answers once the mail arrived', async () => {
    const res = await create({ kind: 'email', name: 'Ops email', to: ['ops@example.com'], isDefault: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Ops email', kind: 'email', config: { to: ['ops@example.com'] }, secretSet: false, enabled: true, isDefault: true });
    const test = await call(testChannelRoute, 'POST', '/x', { headers: as('admin session'), params: { id: res.body.id } });
    expect(test.body).toMatchObject({ outcome: 'sent', message: 'delivered to Ops email' });
    expect(mail.received.map((m) => m.subject)).toEqual(['[Sundial] Test message for Ops email']);
    const audit = await call(auditRoute, 'GET', '/x?limit=5', { headers: as('admin session') });
    expect(audit.body.items.map((a: { action: string }) => a.action).slice(0, 2)).toEqual(['channel.test', 'channel.create']);
  });

  it('"Send test" answers the exact failure', async () => {
    const res = await create({ kind: 'webhook', name: 'Broken hook', url: 'http://127.0.0.1:1/nothing' });
    const test = await call(testChannelRoute, 'POST', '/x', { headers: as('admin session'), params: { id: res.body.id } });
    expect(test.body.outcome).toBe('failed');
    expect(test.body.message).toMatch(/ECONNREFUSED|fetch failed/);
    // A Send test is not retried behind the admin's back: its first outcome is final.
    const { rows } = await database.pool.query('select status, attempts from outbox where channel_id = $1', [res.body.id]);
    expect(rows).toEqual([{ status: 'dead', attempts: 1 }]);
  });

  it("a webhook's signing secret is answered on create and rotate only, and signs the test", async () => {
    const res = await create({ kind: 'webhook', name: 'Receiver', url: `${hook.url}/in` });
    expect(res.status).toBe(201);
    const first = res.body.signingSecret as string;
    // Saved, with the warning that the outbound rule refuses a loopback URL unless allowed.
    expect(res.body.warnings).toEqual([{ field: 'url', message: expect.stringContaining('SUNDIAL_OUTBOUND_ALLOW') }]);
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const read = await call(getChannelRoute, 'GET', '/x', { headers: as('admin session'), params: { id: res.body.id } });
    expect(read.body).not.toHaveProperty('signingSecret');
    expect(read.body.secretSet).toBe(true);
    const list = await call(listChannelsRoute, 'GET', '/x', { headers: as('admin session') });
    expect(JSON.stringify(list.body)).not.toContain(first.slice(6));
    expect(await everything()).not.toContain(first.slice(6));

    const rotated = await call(rotateChannelSecretRoute, 'POST', '/x', { headers: as('admin API key'), params: { id: res.body.id } });
    const second = rotated.body.signingSecret as string;
    expect(second).not.toBe(first);
    expect((await call(testChannelRoute, 'POST', '/x', { headers: as('admin session'), params: { id: res.body.id } })).body.outcome).toBe('sent');
    const r = hook.received.at(-1)!;
    expect(new Webhook(second).verify(r.body, r.headers as Record<string, string>)).toMatchObject({ type: 'test', data: { channel: 'Receiver' } });
    expect(() => new Webhook(first).verify(r.body, r.headers as Record<string, string>)).toThrow();
  });

  it('a Slack URL is write-only: stored sealed, shown as set, replaced by PATCH, resealed on key rotation', async () => {
    const res = await create({ kind: 'slack', name: 'Slack ops', slackUrl: SLACK });
    expect(res.body).toMatchObject({ secretSet: true, config: {} });
    expect(JSON.stringify(res.body)).not.toContain('very-secret');
    const patched = await call(updateChannelRoute, 'PATCH', '/x', { headers: as('admin session'), params: { id: res.body.id }, body: { slackUrl: `${SLACK}-2`, enabled: false } });
    expect(patched.status).toBe(200);
    expect(patched.body.enabled).toBe(false);
    expect(await everything()).not.toContain('very-secret');
    const ring = { current: secretKey('another key that is long enough for sealing'), previous: [secretKeyring().current] };
    const { resealed, failed } = await resealSecrets(database.pool, ring);
    expect(failed).toEqual([]);
    expect(resealed).toContain(`channel ${res.body.id}`);
  });

  it('refuses bad input with field errors and changes nothing', async () => {
    const before = await everything();
    const cases: [unknown, string][] = [
      [{ kind: 'email', name: 'x', to: ['not-an-address'] }, 'to.0'],
      [{ kind: 'email', name: 'x', to: [] }, 'to'],
      [{ kind: 'email', name: '', to: ['a@b.co'] }, 'name'],
      [{ kind: 'webhook', name: 'x', url: 'ftp://example.com' }, 'url'],
      [{ kind: 'webhook', name: 'x', url: 'http://169.254.169.254/latest' }, 'url'],
      [{ kind: 'slack', name: 'x' }, 'slackUrl'],
      [{ kind: 'webhook', name: 'x', url: 'https://example.com', signingSecret: 'whsec_mine' }, ''],
      [{ kind: 'pager', name: 'x' }, 'kind'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      if (field) expect(res.body.error.fields.map((f: { field: string }) => f.field), JSON.stringify(body)).toContain(field);
    }
    expect((await create({ kind: 'email', name: 'Ops email', to: ['a@b.co'] })).status).toBe(409);
    const email = (await call(listChannelsRoute, 'GET', '/x', { headers: as('admin session') })).body.items.find((c: { name: string }) => c.name === 'Ops email');
    const wrongKind = await call(updateChannelRoute, 'PATCH', '/x', { headers: as('admin session'), params: { id: email.id }, body: { url: 'https://example.com' } });
    expect(wrongKind).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'url' }] } } });
    expect(await everything()).toBe(before);
  });

  it('viewers and operators are refused everything; nobody without credentials gets in', async () => {
    const id = (await call(listChannelsRoute, 'GET', '/x', { headers: as('admin session') })).body.items[0].id;
    for (const who of ['viewer session', 'operator session', 'operator API key', 'no auth']) {
      const expected = who === 'no auth' ? 401 : 403;
      expect((await call(listChannelsRoute, 'GET', '/x', { headers: as(who) })).status, who).toBe(expected);
      expect((await create({ kind: 'email', name: `by ${who}`, to: ['a@b.co'] }, who)).status, who).toBe(expected);
      expect((await call(testChannelRoute, 'POST', '/x', { headers: as(who), params: { id } })).status, who).toBe(expected);
      expect((await call(deleteChannelRoute, 'DELETE', '/x', { headers: as(who), params: { id } })).status, who).toBe(expected);
    }
    expect((await call(deleteChannelRoute, 'DELETE', '/x', { headers: as('admin session'), params: { id } })).status).toBe(204);
    expect((await call(getChannelRoute, 'GET', '/x', { headers: as('admin session'), params: { id } })).status).toBe(404);
    expect((await call(getChannelRoute, 'GET', '/x', { headers: as('admin session'), params: { id: 'not-a-uuid' } })).status).toBe(404);
  });
});
