import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { notificationChannels, type NotificationChannel } from '../../db/schema';
import { AppError, invalid, notFound } from '../api/errors';
import { isUuid } from '../api/v1/cursor';
import { seal, sealedKeyId } from '../secrets/crypto';
import { secretKeyring } from '../secrets/keys';
import { channelSealContext, newSigningSecret } from './config';
import { kindFields, type ChannelCreate, type ChannelPatch } from './channel-input';

/** A channel as every answer shows it: its secret part only as set / not set. */
export const channelJson = (c: NotificationChannel) => ({
  id: c.id,
  name: c.name,
  kind: c.kind,
  config: c.config,
  secretSet: c.sealed !== null,
  enabled: c.enabled,
  isDefault: c.isDefault,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
export type ChannelJson = ReturnType<typeof channelJson>;

const sealFor = (id: string, plaintext: string) => {
  const sealed = seal(secretKeyring(), plaintext, channelSealContext(id));
  return { sealed, keyId: sealedKeyId(sealed) };
};
const nameTaken = (name: string) => new AppError('conflict', `a channel named ${name} exists`, [{ field: 'name', message: 'already taken' }]);

export async function listChannels(db: Db): Promise<ChannelJson[]> {
  return (await db.select().from(notificationChannels).orderBy(asc(notificationChannels.name))).map(channelJson);
}

/**
 * The channel, locked for a change. "No key update" by default: an outbox insert naming the
 * channel takes a key-share lock on it (the foreign key), and must not wait behind an edit.
 */
export async function lockChannel(db: Db, id: string | undefined, lock: 'update' | 'no key update' | 'none' = 'no key update'): Promise<NotificationChannel> {
  if (!isUuid(id)) throw notFound('channel');
  const query = db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  const [row] = lock === 'none' ? await query : await query.for(lock);
  if (!row) throw notFound('channel');
  return row;
}

/** Create a channel; a webhook's new signing secret is answered this once. */
export async function createChannel(db: Db, input: ChannelCreate): Promise<{ channel: NotificationChannel; signingSecret?: string }> {
  const config = input.kind === 'email' ? { to: input.to } : input.kind === 'webhook' ? { url: input.url } : {};
  const [row] = await db
    .insert(notificationChannels)
    .values({ name: input.name, kind: input.kind, config, enabled: input.enabled ?? true, isDefault: input.isDefault ?? false })
    .onConflictDoNothing()
    .returning();
  if (!row) throw nameTaken(input.name);
  // Sealed with the row's id as context, so the id must exist first.
  const secret = input.kind === 'slack' ? input.slackUrl : input.kind === 'webhook' ? newSigningSecret() : undefined;
  if (!secret) return { channel: row };
  const [sealed] = await db.update(notificationChannels).set(sealFor(row.id, secret)).where(eq(notificationChannels.id, row.id)).returning();
  return { channel: sealed!, signingSecret: input.kind === 'webhook' ? secret : undefined };
}

export async function updateChannel(db: Db, before: NotificationChannel, patch: ChannelPatch): Promise<NotificationChannel> {
  const allowed = new Set<string>(kindFields[before.kind]);
  const misplaced = (['to', 'slackUrl', 'url'] as const).filter((f) => patch[f] !== undefined && !allowed.has(f));
  if (misplaced.length > 0) throw invalid(misplaced.map((field) => ({ field, message: `a ${before.kind} channel has no ${field}` })));
  const config = patch.to ? { to: patch.to } : patch.url ? { url: patch.url } : undefined;
  const set = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    ...(patch.isDefault !== undefined ? { isDefault: patch.isDefault } : {}),
    ...(config ? { config } : {}),
    ...(patch.slackUrl ? sealFor(before.id, patch.slackUrl) : {}),
    updatedAt: new Date(),
  };
  if (patch.name !== undefined && patch.name !== before.name) {
    const [other] = await db.select({ id: notificationChannels.id }).from(notificationChannels).where(eq(notificationChannels.name, patch.name));
    if (other) throw nameTaken(patch.name);
  }
  const [row] = await db.update(notificationChannels).set(set).where(eq(notificationChannels.id, before.id)).returning();
  return row!;
}

/** A new signing secret for a webhook channel, answered this once; the old one stops verifying. */
export async function rotateSigningSecret(db: Db, before: NotificationChannel): Promise<{ channel: NotificationChannel; signingSecret: string }> {
  if (before.kind !== 'webhook') throw new AppError('bad_request', `only a webhook channel has a signing secret; this one is ${before.kind}`);
  const signingSecret = newSigningSecret();
  const [row] = await db.update(notificationChannels).set({ ...sealFor(before.id, signingSecret), updatedAt: new Date() }).where(eq(notificationChannels.id, before.id)).returning();
  return { channel: row!, signingSecret };
}
