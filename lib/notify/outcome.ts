import { outboxOutcome, type OutboxOutcome } from '../../db/queries/notify/outbox';
import type { Queryable } from '../../db/queries/engine/tx';

/** The message's first outcome (sent, or an attempt failed), or still pending after `timeoutMs`. */
export async function waitForOutcome(client: Queryable, id: number, timeoutMs: number, everyMs = 150): Promise<OutboxOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await outboxOutcome(client, id);
    if (!outcome) return { status: 'dead', attempts: 0, last_error: 'the message was deleted' };
    if (outcome.status !== 'pending' || outcome.attempts > 0 || Date.now() >= deadline) return outcome;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
