import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { notificationChannels, outbox, outboxStatuses } from '../../../db/schema';
import { OUTBOX_CHANNEL } from '../../../db/queries/notify/outbox';
import { AppError, notFound } from '../errors';
import { route } from '../route';
import { badCursor, cursorParts } from './cursor';

// The outbox as people see it. Operators may list and retry: a retry sends an already-made
// message again to where an admin configured it, and cannot point it anywhere new.

export const deliveriesQuery = z
  .object({
    status: z.enum(outboxStatuses).optional(),
    channel: z.uuid('must be a channel id').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type DeliveriesQuery = z.infer<typeof deliveriesQuery>;

const columns = {
  id: outbox.id,
  channelId: outbox.channelId,
  channelName: notificationChannels.name,
  target: outbox.target,
  event: outbox.event,
  status: outbox.status,
  attempts: outbox.attempts,
  nextAttemptAt: outbox.nextAttemptAt,
  lastError: outbox.lastError,
  sentAt: outbox.sentAt,
  taskId: outbox.taskId,
  createdAt: outbox.createdAt,
};

/** Newest first; the cursor is the last id seen. */
export async function listDeliveries(db: Db, q: DeliveriesQuery) {
  const where: SQL[] = [];
  if (q.status) where.push(eq(outbox.status, q.status));
  if (q.channel) where.push(eq(outbox.channelId, q.channel));
  if (q.cursor) {
    const [last] = cursorParts(q.cursor) ?? [];
    if (typeof last !== 'number' || !Number.isSafeInteger(last)) throw badCursor();
    where.push(lt(outbox.id, last));
  }
  const rows = await db
    .select(columns)
    .from(outbox)
    .leftJoin(notificationChannels, eq(notificationChannels.id, outbox.channelId))
    .where(and(...where))
    .orderBy(desc(outbox.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const nextCursor = rows.length > q.limit ? Buffer.from(JSON.stringify([items.at(-1)!.id])).toString('base64url') : null;
  return { items, nextCursor };
}

export type DeliveryJson = Awaited<ReturnType<typeof listDeliveries>>['items'][number];

export const listDeliveriesRoute = route({ role: 'operator', query: deliveriesQuery }, async ({ db, query }) => ({ body: await listDeliveries(db, query) }));

/** Due now, pending again (a dead one too); the sender is woken at commit. */
export const retryDeliveryRoute = route({ role: 'operator' }, async ({ db, params }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound('delivery');
  const [before] = await db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, id)).for('update');
  if (!before) throw notFound('delivery');
  if (before.status === 'sent') throw new AppError('conflict', 'this message was delivered already');
  await db.update(outbox).set({ status: 'pending', nextAttemptAt: sql`now()`, updatedAt: sql`now()` }).where(eq(outbox.id, id));
  await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  const [after] = (await listDeliveries(db, { limit: 1, cursor: Buffer.from(JSON.stringify([id + 1])).toString('base64url') })).items;
  return { body: after, audit: { action: 'delivery.retry', targetType: 'delivery', targetId: String(id), before } };
});
