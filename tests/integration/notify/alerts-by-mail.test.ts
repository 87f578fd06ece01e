import { describe, expect, it } from 'vitest';
import { withTestDatabase } from '../../helpers/db';
import { startMailServer, type MailServer } from '../../helpers/mail';
import { addChannel, closedSmtpPort, withSmtpServer, notifyEnvironment, testSender, useSmtp } from '../../helpers/notify';
import { endOneRun } from '../../helpers/outbox';
import { waitUntil } from '../../helpers/processes';
import { makeTask } from '../../helpers/tasks';

// Issue 11's acceptance, end to end: failing runs, ended by the engine's own statement, reach a
// real SMTP server through the outbox and the sender, as incident mail and nothing more.

notifyEnvironment();
const database = withTestDatabase();
const mail = withSmtpServer(database);

const pendingCount = async () => (await database.pool.query<{ n: number }>(`select count(*)::int as n from outbox where status <> 'sent'`)).rows[0]!.n;
const settle = () => new Promise((r) => setTimeout(r, 700));

describe('incident mail', () => {
  it('50 failures in a row, then a success: exactly one "failing" and one "recovered" email', async () => {
    const ops = await addChannel(database, 'email', { to: ['ops@example.com'] }, undefined, 'ops mail');
    const task = await makeTask(database, { name: 'bank sync', schedule: { kind: 'manual' }, notify: { channels: [ops] } });
    const sender = testSender(database);
    sender.start();
    try {
      const first = await endOneRun(database, task.id, 'failed', { error: 'provider said 503', logs: ['fetching accounts', 'provider said 503'] });
      for (let i = 1; i < 50; i++) await endOneRun(database, task.id, 'failed');
      await waitUntil(() => mail.received.length >= 1, 10_000, 'the failing email');
      await endOneRun(database, task.id, 'succeeded');
      await waitUntil(() => mail.received.length >= 2, 10_000, 'the recovered email');
      await waitUntil(async () => (await pendingCount()) === 0, 10_000, 'the outbox to be sent');
      await settle();
      expect(mail.received).toHaveLength(2);
      const [failing, recovered] = mail.received;
      expect(failing!.subject).toBe('[Sundial] Failing: bank sync');
      expect(failing!.to).toMatchObject({ text: 'ops@example.com' });
      expect(failing!.text).toContain('provider said 503');
      expect(failing!.text).toContain('fetching accounts');
      expect(failing!.html).toContain(`http://sundial.test:3000/runs/${first}`);
      expect(failing!.html).toContain(`http://sundial.test:3000/tasks/${task.id}`);
      expect(recovered!.subject).toMatch(/^\[Sundial\] Recovered: bank sync/);
      expect(recovered!.text).toMatch(/50 failed runs/);
      expect(new Set(mail.received.map((m) => m.messageId)).size).toBe(2);
    } finally {
      await sender.stop();
    }
  });

  it('the SMTP server is down while 10 tasks fail; it comes back; each failing email arrives exactly once', async () => {
    const port = await closedSmtpPort();
    await useSmtp(database, port);
    const ops = await addChannel(database, 'email', { to: ['ops@example.com'] }, undefined, 'ops during outage');
    const sender = testSender(database);
    sender.start();
    let back: MailServer | undefined;
    try {
      const tasks = [];
      for (let i = 0; i < 10; i++) tasks.push(await makeTask(database, { name: `import ${i}`, schedule: { kind: 'manual' }, notify: { channels: [ops] } }));
      for (const t of tasks) await endOneRun(database, t.id, 'failed', { error: `file ${t.name} is missing` });
      await waitUntil(
        async () => (await database.pool.query<{ n: number }>(`select count(*)::int as n from outbox where channel_id = $1 and attempts >= 2 and status = 'pending'`, [ops])).rows[0]!.n === 10,
        15_000,
        'every message to have failed twice',
      );
      back = await startMailServer({ port });
      await waitUntil(async () => (await pendingCount()) === 0, 15_000, 'every message to be sent');
      await settle();
      expect(back.received).toHaveLength(10);
      expect(new Set(back.received.map((m) => m.messageId)).size).toBe(10);
      expect(back.received.map((m) => m.subject).sort()).toEqual(tasks.map((t) => `[Sundial] Failing: ${t.name}`).sort());
    } finally {
      await sender.stop();
      await back?.close();
      await useSmtp(database, mail.port);
    }
  });
});
