import { afterEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { messageIdFor, webhookIdFor } from '../../../lib/notify/ids';
import { instanceSigningSecret } from '../../../lib/notify/config';
import { withTestDatabase } from '../../helpers/db';
import { startMailServer, startReceiver, type MailServer } from '../../helpers/mail';
import { addChannel, closedSmtpPort, withSmtpServer, firstRequest, localAllow, notifyEnvironment, outboxRows, queueTest, testSender, useSmtp } from '../../helpers/notify';
import { waitUntil } from '../../helpers/processes';
import { testWorker } from '../../helpers/worker';
import { backoffMs } from '../../../worker/sender';

// Issue 11, point 5: the sender delivers outbox messages by email, Slack and signed webhooks,
// retries with backoff through an outage, and sends each message once.

notifyEnvironment();
const database = withTestDatabase();
const mail = withSmtpServer(database);
afterEach(async () => {
  await database.pool.query('delete from outbox');
  mail.received.length = 0;
});
const allSent = async () => (await outboxRows(database)).every((r) => r.status === 'sent');

describe('sender', () => {
  it('a worker, woken by the insert, emails a channel: subject, text and HTML parts, links, stable Message-ID', async () => {
    const worker = testWorker(database, { id: 'mailer', schedulerEnabled: false, sender: { allow: localAllow, pollMs: 60_000 } });
    await worker.start();
    try {
      const channel = await addChannel(database, 'email', { to: ['ops@example.com', 'dev@example.com'] });
      const started = Date.now();
      const [id] = await queueTest(database, { channelId: channel }, 'test:email:1');
      await waitUntil(() => mail.received.length === 1, 10_000, 'the email');
      // The poll is a minute away: only the NOTIFY can have woken the sender.
      expect(Date.now() - started).toBeLessThan(5000);
      const m = mail.received[0]!;
      expect(m.subject).toBe('[Sundial] Test message for Ops');
      expect(m.messageId).toBe(messageIdFor(id!, 'test:email:1', 'sundial.test'));
      expect((m.to as { text: string }).text).toBe('ops@example.com, dev@example.com');
      expect(m.text).toContain('This is a test message from Sundial for the channel "Ops", sent by tester.');
      expect(m.text).toContain('http://sundial.test:3000/notifications/channels');
      expect(m.html).toContain('href="http://sundial.test:3000/notifications/channels"');
      expect(m.headers.get('x-sundial-event')).toBe('test');
      await waitUntil(allSent, 5000, 'the row to be sent');
    } finally {
      await worker.stop();
    }
  });

  it('signs a webhook per Standard Webhooks, with a webhook-id stable across attempts', async () => {
    let status = 500;
    const receiver = await startReceiver(() => status);
    const secret = `whsec_${Buffer.from('a-signing-secret-of-32-bytes-ok!').toString('base64')}`;
    const channel = await addChannel(database, 'webhook', { url: `${receiver.url}/hook` }, secret);
    const [id] = await queueTest(database, { channelId: channel }, 'test:webhook:1');
    const sender = testSender(database);
    sender.start();
    try {
      await waitUntil(() => receiver.received.length >= 2, 10_000, 'two attempts');
      status = 200;
      await waitUntil(allSent, 10_000, 'the delivery');
    } finally {
      await sender.stop();
      await receiver.close();
    }
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
    expect([...ids]).toEqual([webhookIdFor(id!, 'test:webhook:1')]);
    const last = receiver.received.at(-1)!;
    const payload = new Webhook(secret).verify(last.body, last.headers as Record<string, string>) as { type: string; data: { channel: string; url: string } };
    expect(payload).toMatchObject({ type: 'test', data: { channel: 'Ops', url: 'http://sundial.test:3000/notifications/channels' } });
    // Another secret does not verify it.
    expect(() => new Webhook(`whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`).verify(last.body, last.headers as Record<string, string>)).toThrow();
    const [row] = await outboxRows(database);
    expect(row).toMatchObject({ status: 'sent', attempts: receiver.received.length, last_error: null });
  });

  it('a URL target without a channel is signed with the instance secret', async () => {
    const receiver = await startReceiver();
    await queueTest(database, { target: `${receiver.url}/callback` }, 'test:target:1');
    const r = await firstRequest(database, receiver, 'the callback');
    expect(r.path).toBe('/callback');
    expect(new Webhook(await instanceSigningSecret(database.pool)).verify(r.body, r.headers as Record<string, string>)).toMatchObject({ type: 'test' });
  });

  it('posts a readable Slack message with a link back to the dashboard', async () => {
    const slack = await startReceiver();
    const channel = await addChannel(database, 'slack', {}, `${slack.url}/services/T000/B000/XXXX`);
    await queueTest(database, { channelId: channel }, 'test:slack:1');
    const r = await firstRequest(database, slack, 'the Slack post');
    expect(r.path).toBe('/services/T000/B000/XXXX');
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body).text).toBe(
      'This is a test message from Sundial for the channel "Ops", sent by tester. <http://sundial.test:3000/notifications/channels|Open the channels>',
    );
  });

  it('an SMTP outage: 10 messages wait, the server comes back, each arrives exactly once', async () => {
    const port = await closedSmtpPort();
    await useSmtp(database, port);
    const channel = await addChannel(database, 'email', { to: ['ops@example.com'] });
    for (let i = 0; i < 10; i++) await queueTest(database, { channelId: channel }, `outage:${i}`);
    const sender = testSender(database);
    sender.start();
    let back: MailServer | undefined;
    try {
      await waitUntil(async () => (await outboxRows(database)).every((r) => r.attempts >= 2 && r.status === 'pending'), 15_000, 'failed attempts');
      expect((await outboxRows(database))[0]!.last_error).toMatch(/connection refused/);
      back = await startMailServer({ port });
      await waitUntil(allSent, 15_000, 'every message to be sent');
      await new Promise((r) => setTimeout(r, 500));
      const ids = back.received.map((m) => m.messageId);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
    } finally {
      await sender.stop();
      await back?.close();
      await useSmtp(database, mail.port);
    }
  });

  it('one slow send does not hold the others back', async () => {
    let release: (() => void) | undefined;
    const slow = await startMailServer({
      beforeAccept: async () => {
        if (release) return;
        await new Promise<void>((r) => (release = r));
      },
    });
    await useSmtp(database, slow.port);
    const channel = await addChannel(database, 'email', { to: ['ops@example.com'] });
    for (let i = 0; i < 3; i++) await queueTest(database, { channelId: channel }, `slow:${i}`);
    const sender = testSender(database, { pollMs: 60_000 });
    sender.start();
    try {
      await waitUntil(() => slow.received.length === 2, 10_000, 'the two others while the first is held');
      release!();
      await waitUntil(allSent, 10_000, 'all three');
    } finally {
      await sender.stop();
      await slow.close();
      await useSmtp(database, mail.port);
    }
  });

  it('a message that keeps failing goes dead after the deadline, with its last error', async () => {
    const receiver = await startReceiver(() => 503);
    const channel = await addChannel(database, 'webhook', { url: receiver.url }, `whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`);
    await queueTest(database, { channelId: channel }, 'dead:1');
    const sender = testSender(database, { deadAfterMs: 1000 });
    sender.start();
    try {
      await waitUntil(async () => (await outboxRows(database))[0]!.status === 'dead', 10_000, 'the dead status');
    } finally {
      await sender.stop();
      await receiver.close();
    }
    const [row] = await outboxRows(database);
    expect(row!.last_error).toMatch(/^HTTP 503 from 127\.0\.0\.1:\d+: ok$/);
    expect(row!.attempts).toBeGreaterThan(1);
  });

  it('backoff doubles from the base and stops at the cap', async () => {
    expect([1, 2, 3, 4, 10, 40].map((n) => backoffMs(n, 30_000, 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });
});
