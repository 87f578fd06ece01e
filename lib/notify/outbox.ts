import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { insertOutbox, OUTBOX_CHANNEL, type OutboxInsert } from '../../db/queries/notify/outbox';
import { outbox } from '../../db/schema';
import type { Queryable } from '../../db/queries/engine/tx';

export type { OutboxInsert } from '../../db/queries/notify/outbox';

/**
 * Queue messages for the sender, in the caller's transaction: pass the transaction's client so
 * the message commits (or not) with the event that caused it. A message whose dedupe key is
 * queued already is skipped. Answers the ids of the rows it added. The plain-SQL form for
 * callers in SQL is documented on insertOutbox (db/queries/notify/outbox.ts).
 */
export function enqueue(q: Queryable, messages: OutboxInsert[]): Promise<number[]> {
  return insertOutbox(q, messages);
}

/** The same for drizzle callers (API routes), inside their transaction. */
export async function enqueueWithDb(db: Db, messages: OutboxInsert[]): Promise<number[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .insert(outbox)
    .values(messages.map((m) => ({ channelId: m.channelId ?? null, target: m.target ?? null, event: m.event, dedupeKey: m.dedupeKey, data: m.data, taskId: m.taskId ?? null })))
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  if (rows.length > 0) await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return rows.map((r) => r.id);
}
