import type { Queryable } from './engine/tx';

export type NewMessage = { channelId: string | null; target?: string | null; event: string; dedupeKey: string; data: unknown; taskId?: string | null };

/** Queue messages (each once: a dedupe key already queued is left alone). A trigger on outbox wakes the sender. Returns how many were new. */
export async function enqueueMessages(q: Queryable, messages: NewMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  const { rows } = await q.query<{ n: number }>(
    `with added as (
       insert into outbox (channel_id, target, event, dedupe_key, data, task_id)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::uuid[])
       on conflict (dedupe_key) do nothing returning 1)
     select count(*)::int as n from added`,
    [
      messages.map((m) => m.channelId),
      messages.map((m) => m.target ?? null),
      messages.map((m) => m.event),
      messages.map((m) => m.dedupeKey),
      messages.map((m) => JSON.stringify(m.data)),
      messages.map((m) => m.taskId ?? null),
    ],
  );
  return rows[0]?.n ?? 0;
}
