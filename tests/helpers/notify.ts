import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { enqueue } from '../../lib/notify/outbox';
import { channelSealContext, NOTIFY_KEYS, sealSmtpPassword } from '../../lib/notify/config';
import { parseAllowList, type AllowList } from '../../lib/outbound/rule';
import { seal } from '../../lib/secrets/crypto';
import { secretKeyring } from '../../lib/secrets/keys';
import { Sender, type SenderOptions } from '../../worker/sender';
import type { TestDatabase } from './db';
import { startMailServer, type HttpReceiver, type MailServer, type Received } from './mail';
import { waitUntil } from './processes';
import { SECRET_KEY } from './api';

/** Set before anything reads the environment: channels seal with it, links use the base URL. */
export function notifyEnvironment(): void {
  process.env.SUNDIAL_SECRET_KEY ??= SECRET_KEY;
  process.env.NEXTAUTH_URL ??= 'http://sundial.test:3000';
}

export const localAllow: AllowList = (parseAllowList(['127.0.0.1']) as { ok: true; list: AllowList }).list;

/** A real SMTP server for the file's tests, with Settings → Email pointing at it; filled in before the first test. */
export function withSmtpServer(database: TestDatabase): MailServer {
  const mail = {} as MailServer;
  beforeAll(async () => {
    Object.assign(mail, await startMailServer());
    await useSmtp(database, mail.port);
  });
  afterAll(() => mail.close());
  return mail;
}

/** A local port where no SMTP server listens (yet): an outage that can end on the same address. */
export async function closedSmtpPort(): Promise<number> {
  const down = await startMailServer();
  await down.close();
  return down.port;
}

/** Store SMTP settings as Settings → Email would, pointing at a local server. */
export async function useSmtp(database: TestDatabase, port: number, auth?: { user: string; pass: string }): Promise<void> {
  const value = { host: '127.0.0.1', port, secure: false, from: 'Sundial <sundial@test>', user: auth?.user, passwordSealed: auth ? sealSmtpPassword(auth.pass) : undefined };
  await database.pool.query(`insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value`, [NOTIFY_KEYS.smtp, JSON.stringify(value)]);
}

export async function addChannel(database: TestDatabase, kind: 'email' | 'slack' | 'webhook', config: Record<string, unknown>, secret?: string, name = `${kind}-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>('insert into notification_channels (name, kind, config) values ($1, $2, $3) returning id', [name, kind, JSON.stringify(config)]);
  const id = rows[0]!.id;
  if (secret) await database.pool.query('update notification_channels set sealed = $2 where id = $1', [id, seal(secretKeyring(), secret, channelSealContext(id))]);
  return id;
}

export const queueTest = (database: TestDatabase, to: { channelId?: string; target?: string }, key: string) =>
  enqueue(database.pool, [{ ...to, event: 'test', dedupeKey: key, data: { channel: 'Ops', requestedBy: 'tester' } }]);

export function testSender(database: TestDatabase, options: Partial<SenderOptions> = {}): Sender {
  return new Sender({ pool: database.pool, log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), allow: localAllow, pollMs: 100, backoffBaseMs: 100, backoffCapMs: 400, ...options });
}

export async function outboxRows(database: TestDatabase): Promise<{ id: string; status: string; attempts: number; last_error: string | null; dedupe_key: string }[]> {
  return (await database.pool.query('select id, status, attempts, last_error, dedupe_key from outbox order by id')).rows;
}

/** Run a test sender until `receiver` got one request, then stop both; answers that request. */
export async function firstRequest(database: TestDatabase, receiver: HttpReceiver, what: string): Promise<Received> {
  const sender = testSender(database);
  sender.start();
  try {
    await waitUntil(() => receiver.received.length >= 1, 10_000, what);
  } finally {
    await sender.stop();
    await receiver.close();
  }
  return receiver.received[0]!;
}
