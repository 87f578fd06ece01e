import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_KEY } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { startMailServer, type MailServer } from '../../helpers/mail';
import { addChannel, notifyEnvironment, outboxRows, queueTest, useSmtp } from '../../helpers/notify';
import { cleanEnv, runEntry, waitUntil, type Proc } from '../../helpers/processes';

// Issue 11, point 5: a worker killed with -9 in the middle of a send loses no message and
// causes no second email with the same Message-ID. The SMTP server holds the first message
// after its data arrived and before its 250, which is where the kill lands.

notifyEnvironment();
const database = withTestDatabase();
const procs: Proc[] = [];
let mail: MailServer | undefined;
afterEach(async () => {
  for (const p of procs.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exit;
  }
  await mail?.close();
});

async function startWorker(id: string): Promise<Proc> {
  const proc = runEntry(
    'worker/index.ts',
    cleanEnv({ DATABASE_URL: database.url, SUNDIAL_WORKER_ID: id, SUNDIAL_SECRET_KEY: SECRET_KEY, SUNDIAL_OUTBOUND_ALLOW: '127.0.0.1', NEXTAUTH_URL: 'http://sundial.test:3000', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'info' }),
  );
  procs.push(proc);
  await proc.waitFor('worker started', 60_000);
  return proc;
}

describe('kill -9 of a worker in the middle of a send', () => {
  it('loses no message, and no Message-ID arrives twice', async () => {
    let held: string | undefined;
    let release: ((accept: boolean) => void) | undefined;
    mail = await startMailServer({
      beforeAccept: async (m) => {
        if (held !== undefined) return;
        held = m.messageId;
        if (!(await new Promise<boolean>((r) => (release = r)))) throw new Error('451 the client went away before the reply');
      },
    });
    await useSmtp(database, mail.port);
    const channel = await addChannel(database, 'email', { to: ['ops@example.com'] });
    for (let i = 0; i < 5; i++) await queueTest(database, { channelId: channel }, `kill:${i}`);

    const a = await startWorker('sender-a');
    await waitUntil(() => release !== undefined, 20_000, 'the server to hold a message');
    // Another worker meanwhile: the held message is locked, so it sends the rest but never that one.
    await startWorker('sender-b');
    await waitUntil(() => mail!.received.length === 4, 20_000, 'the other four messages');
    expect(mail.received.map((m) => m.messageId)).not.toContain(held);
    expect((await outboxRows(database)).filter((r) => r.status === 'pending')).toHaveLength(1);

    process.kill(a.pid, 'SIGKILL');
    await a.exit;
    // The client is gone: no 250 can reach it, so the server does not keep the message.
    release!(false);

    // Worker B's poll finds the row, unlocked by the rollback of A's transaction, and sends it once.
    await waitUntil(async () => (await outboxRows(database)).every((r) => r.status === 'sent'), 30_000, 'every row sent');
    await new Promise((r) => setTimeout(r, 1000));
    const ids = mail.received.map((m) => m.messageId);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toContain(held);
    // The killed attempt left no trace: its transaction never committed.
    expect((await outboxRows(database)).map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1]);
  });
});
