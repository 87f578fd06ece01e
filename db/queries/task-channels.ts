import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { notificationChannels } from '../schema';

/** A channel as a task's notification policy offers it: nothing of its config or secret. */
export type ChannelChoice = { id: string; name: string; kind: string; enabled: boolean; isDefault: boolean };

export function channelChoices(db: Db): Promise<ChannelChoice[]> {
  const c = notificationChannels;
  return db.select({ id: c.id, name: c.name, kind: c.kind, enabled: c.enabled, isDefault: c.isDefault }).from(c).orderBy(asc(c.name));
}

/** Which of these ids name no channel. */
export async function unknownChannels(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.select({ id: notificationChannels.id }).from(notificationChannels).where(inArray(notificationChannels.id, ids));
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

/** Webhook channels without a signing secret: only the legacy-policy migration makes them. */
export async function unsealedWebhookChannels(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.kind, 'webhook'), isNull(notificationChannels.sealed)));
  return rows.map((r) => r.id);
}

/** Store a sealed secret on a channel that has none; false when another process was first. */
export async function setMissingChannelSecret(db: Db, id: string, sealed: string, keyId: string): Promise<boolean> {
  const rows = await db
    .update(notificationChannels)
    .set({ sealed, keyId, updatedAt: sql`now()` })
    .where(and(eq(notificationChannels.id, id), isNull(notificationChannels.sealed)))
    .returning({ id: notificationChannels.id });
  return rows.length > 0;
}
