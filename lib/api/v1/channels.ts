import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { notificationChannels } from '../../../db/schema';
import { principalLabel } from '../../auth/principal';
import { getPool } from '../../db';
import { channelCreate, channelPatch } from '../../notify/channel-input';
import { channelJson, createChannel, listChannels, lockChannel, rotateSigningSecret, updateChannel } from '../../notify/channels';
import { enqueue } from '../../notify/outbox';
import { waitForOutcome } from '../../notify/outcome';
import { route } from '../route';
import { channelUrlWarnings, withWarnings } from './save-warnings';

// Notification channels: admins only (they hold where alerts go and their secrets). Secret
// parts are write-only; a webhook's signing secret is answered once, on create and on rotate.

export const TEST_WAIT_MS = 15_000;

export const listChannelsRoute = route({ role: 'admin' }, async ({ db }) => ({ body: { items: await listChannels(db) } }));

export const getChannelRoute = route({ role: 'admin' }, async ({ db, params }) => ({ body: channelJson(await lockChannel(db, params.id, 'none')) }));

export const createChannelRoute = route({ role: 'admin', body: channelCreate }, async ({ db, body }) => {
  const { channel, signingSecret } = await createChannel(db, body);
  return {
    status: 201,
    headers: { location: `/api/v1/channels/${channel.id}` },
    body: withWarnings({ ...channelJson(channel), ...(signingSecret ? { signingSecret } : {}) }, channelUrlWarnings(body as { url?: string; slackUrl?: string })),
    audit: { action: 'channel.create', targetType: 'channel', targetId: channel.id, after: channelJson(channel) },
  };
});

export const updateChannelRoute = route({ role: 'admin', body: channelPatch }, async ({ db, params, body }) => {
  const before = await lockChannel(db, params.id);
  const after = await updateChannel(db, before, body);
  return { body: withWarnings(channelJson(after), channelUrlWarnings(body)), audit: { action: 'channel.update', targetType: 'channel', targetId: after.id, before: channelJson(before), after: channelJson(after) } };
});

export const deleteChannelRoute = route({ role: 'admin' }, async ({ db, params }) => {
  const before = await lockChannel(db, params.id, 'update');
  await db.delete(notificationChannels).where(eq(notificationChannels.id, before.id));
  return { status: 204, audit: { action: 'channel.delete', targetType: 'channel', targetId: before.id, before: channelJson(before) } };
});

export const rotateChannelSecretRoute = route({ role: 'admin' }, async ({ db, params }) => {
  const before = await lockChannel(db, params.id);
  const { channel, signingSecret } = await rotateSigningSecret(db, before);
  return { body: { ...channelJson(channel), signingSecret }, audit: { action: 'channel.rotate_secret', targetType: 'channel', targetId: channel.id, before: channelJson(before), after: channelJson(channel) } };
});

/**
 * Queue a test message and wait up to 15 s for a worker's first attempt. The message is
 * queued on its own connection, committed at once: the route's transaction (which carries the
 * audit entry) stays open while we wait, and a worker cannot see what it has not committed.
 */
export const testChannelRoute = route({ role: 'admin' }, async ({ db, params, principal }) => {
  // Not locked: the insert below, on another connection, takes a key-share lock on the channel.
  const channel = await lockChannel(db, params.id, 'none');
  const pool = getPool();
  const [id] = await enqueue(pool, [{ channelId: channel.id, event: 'test', dedupeKey: `test:${channel.id}:${randomUUID()}`, data: { channel: channel.name, requestedBy: principalLabel(principal), oneShot: true } }]);
  const outcome = await waitForOutcome(pool, id!, TEST_WAIT_MS);
  const result =
    outcome.status === 'sent'
      ? { outcome: 'sent' as const, message: `delivered to ${channel.name}` }
      : outcome.attempts > 0
        ? { outcome: 'failed' as const, message: outcome.last_error ?? 'failed' }
        : { outcome: 'pending' as const, message: `no worker sent it within ${TEST_WAIT_MS / 1000} s: is a worker running? It stays queued on the Deliveries page` };
  return { body: { deliveryId: id, ...result }, audit: { action: 'channel.test', targetType: 'channel', targetId: channel.id, after: result } };
});
