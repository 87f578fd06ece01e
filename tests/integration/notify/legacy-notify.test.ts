import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTestDatabase } from '../../helpers/db';

// The migration that turns the old per-task policy into channels, run on tasks saved in the
// old shape: every recipient list and webhook URL a user saved becomes a channel the task picks.

const database = withTestDatabase();
const folder = path.join(import.meta.dirname, '../../../db/migrations');
const file = readdirSync(folder).find((f) => f.endsWith('_incident_events.sql'))!;
const legacyPart = readFileSync(path.join(folder, file), 'utf8').split('CREATE TEMP TABLE legacy_notify')[1]!;
const statements = ('CREATE TEMP TABLE legacy_notify' + legacyPart).split('--> statement-breakpoint');

async function legacyTask(name: string, notify: unknown): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(`insert into tasks (name, handler, schedule, notify) values ($1, 'noop', '{"kind":"manual"}', $2) returning id`, [name, notify]);
  return rows[0]!.id;
}

describe('the legacy notify migration', () => {
  it('keeps every saved recipient list and webhook URL as channels the task picks, and its switches as events', async () => {
    const a = await legacyTask('a', { onFailure: true, onRecovery: false, onSuccess: true, emails: ['ops@example.com', 'dba@example.com'], webhookUrl: 'https://hooks.example.com/a' });
    const b = await legacyTask('b', { onFailure: true, onRecovery: true, onSuccess: false, emails: ['dba@example.com', 'ops@example.com'] });
    const c = await legacyTask('c', { onFailure: false, onRecovery: true, onSuccess: false, emails: [], webhookUrl: 'https://hooks.example.com/a' });
    const d = await legacyTask('d', {});
    const client = await database.pool.connect();
    try {
      for (const s of statements) await client.query(s);
    } finally {
      client.release();
    }
    const { rows: channels } = await database.pool.query('select id, name, kind, config, sealed from notification_channels order by kind, name');
    expect(channels.map((ch) => [ch.kind, ch.name, ch.config, ch.sealed])).toEqual([
      ['email', 'Email: dba@example.com, ops@example.com', { to: ['dba@example.com', 'ops@example.com'] }, null],
      ['webhook', 'Webhook: https://hooks.example.com/a', { url: 'https://hooks.example.com/a' }, null],
    ]);
    const [email, hook] = channels.map((ch) => ch.id as string);
    const notify = async (id: string) => (await database.pool.query('select notify from tasks where id = $1', [id])).rows[0].notify;
    expect(await notify(a)).toEqual({
      channels: [email, hook].sort(),
      events: { failure: true, recovery: false, success: true, missed: true },
      incidentAfter: 1,
      remindEveryHours: null,
    });
    expect((await notify(b)).channels).toEqual([email]);
    expect(await notify(c)).toMatchObject({ channels: [hook], events: { failure: false, recovery: true } });
    expect(await notify(d)).toMatchObject({ channels: [], events: { failure: true, recovery: true, success: false } });
  });
});

describe('migrated webhook channels', () => {
  it('get a signing secret sealed like a channel secret, once, from the first process with the key', async () => {
    const { sealLegacyWebhookChannels } = await import('../../../lib/notify/legacy-webhooks');
    const { open } = await import('../../../lib/secrets/crypto');
    const { secretKeyring } = await import('../../../lib/secrets/keys');
    process.env.SUNDIAL_SECRET_KEY ??= 'test-secret-key-that-is-long-enough-to-seal-values';
    const { rows } = await database.pool.query<{ id: string }>(`insert into notification_channels (name, kind, config) values ('Webhook: legacy', 'webhook', '{"url":"https://hooks.example.com/l"}') returning id`);
    const id = rows[0]!.id;
    const unsealed = (await database.pool.query(`select count(*)::int as n from notification_channels where kind = 'webhook' and sealed is null`)).rows[0].n;
    expect(unsealed).toBeGreaterThanOrEqual(1);
    const [first, second] = await Promise.all([sealLegacyWebhookChannels(database.db), sealLegacyWebhookChannels(database.db)]);
    expect(first + second).toBe(unsealed);
    const { rows: after } = await database.pool.query('select sealed, key_id from notification_channels where id = $1', [id]);
    expect(open(secretKeyring(), after[0].sealed, `channel:${id}`)).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(after[0].key_id).toBeTruthy();
    expect(await sealLegacyWebhookChannels(database.db)).toBe(0);
  });
});
