import type { Queryable } from '../engine/tx';

// The outbox's SQL. Lock order (db/queries/engine/lock-order.md): the sender's transaction
// locks one outbox row and nothing else, so it cannot deadlock with any engine statement;
// writers insert outbox rows last in their own transactions (after runs, tasks, incidents).

/** Woken on each insert, so a sender delivers within milliseconds instead of at its next poll. */
export const OUTBOX_CHANNEL = 'sundial_outbox';

export type OutboxInsert = { channelId?: string | null; target?: string | null; event: string; dedupeKey: string; data: Record<string, unknown>; taskId?: string | null };

/**
 * Queue messages; one already queued with the same dedupe key is left alone. For SQL callers
 * (such as a run-end statement) the same insert is:
 *
 *   insert into outbox (channel_id, target, event, dedupe_key, data, task_id)
 *   values ($channel, null, 'incident.opened', 'incident.opened:' || $incident || ':' || $channel, $data::jsonb, $task)
 *   on conflict (dedupe_key) do nothing;
 *   select pg_notify('sundial_outbox', '');
 *
 * Exactly one of channel_id and target is set. The NOTIFY is delivered at commit.
 */
export async function insertOutbox(client: Queryable, messages: OutboxInsert[]): Promise<number[]> {
  if (messages.length === 0) return [];
  const { rows } = await client.query<{ id: string }>(
    `insert into outbox (channel_id, target, event, dedupe_key, data, task_id)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::uuid[])
     on conflict (dedupe_key) do nothing
     returning id`,
    [
      messages.map((m) => m.channelId ?? null),
      messages.map((m) => m.target ?? null),
      messages.map((m) => m.event),
      messages.map((m) => m.dedupeKey),
      messages.map((m) => JSON.stringify(m.data)),
      messages.map((m) => m.taskId ?? null),
    ],
  );
  if (rows.length > 0) await client.query(`select pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  return rows.map((r) => Number(r.id));
}

export type DueMessage = {
  id: number;
  event: string;
  dedupe_key: string;
  data: Record<string, unknown>;
  target: string | null;
  attempts: number;
  created_at: Date;
  channel_id: string | null;
  kind: 'email' | 'slack' | 'webhook' | null;
  channel_name: string | null;
  config: Record<string, unknown> | null;
  sealed: string | null;
  enabled: boolean | null;
};

/**
 * Lock one due message for the caller's transaction, with its channel. SKIP LOCKED: a message
 * being sent by another worker is invisible here, so each is sent by one worker at a time.
 * The channel row is read, not locked (lock order: outbox row only).
 */
export async function takeDue(client: Queryable): Promise<DueMessage | undefined> {
  const { rows } = await client.query<DueMessage & { id: string }>(
    `with due as (
       select id from outbox where status = 'pending' and next_attempt_at <= now()
       order by next_attempt_at limit 1 for update skip locked
     )
     select o.id, o.event, o.dedupe_key, o.data, o.target, o.attempts, o.created_at, o.channel_id,
            c.kind, c.name as channel_name, c.config, c.sealed, c.enabled
     from due join outbox o using (id) left join notification_channels c on c.id = o.channel_id`,
  );
  const row = rows[0];
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export async function markSent(client: Queryable, id: number): Promise<void> {
  await client.query(`update outbox set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null, updated_at = now() where id = $1`, [id]);
}

/** A failed attempt: pending again after `retryInMs`, or dead (no more attempts) when `dead`. */
export async function markFailed(client: Queryable, id: number, error: string, retryInMs: number, dead: boolean): Promise<void> {
  await client.query(
    `update outbox set attempts = attempts + 1, last_error = $2, updated_at = now(),
       status = case when $4 then 'dead' else 'pending' end,
       next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
     where id = $1`,
    [id, error.slice(0, 2000), retryInMs, dead],
  );
}

/** The earliest time a pending message becomes due, for the sender's next wake-up. */
export async function nextDueAt(client: Queryable): Promise<Date | null> {
  const { rows } = await client.query<{ at: Date | null }>(`select min(next_attempt_at) as at from outbox where status = 'pending'`);
  return rows[0]?.at ?? null;
}

export type OutboxOutcome = { status: 'pending' | 'sent' | 'dead'; attempts: number; last_error: string | null };

export async function outboxOutcome(client: Queryable, id: number): Promise<OutboxOutcome | undefined> {
  const { rows } = await client.query<OutboxOutcome>('select status, attempts, last_error from outbox where id = $1', [id]);
  return rows[0];
}
