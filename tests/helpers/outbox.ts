import { endRuns, type EndStatus } from '../../db/queries/engine/end-runs';
import type { TestDatabase } from './db';

// Until the channels API is merged, tests make channels with a plain insert.

export async function makeChannel(database: TestDatabase, name: string, opts: { kind?: 'email' | 'webhook'; isDefault?: boolean; enabled?: boolean } = {}): Promise<string> {
  const kind = opts.kind ?? 'email';
  const config = kind === 'email' ? { to: [`${name}@example.com`] } : { url: `https://hooks.example.com/${name}` };
  const { rows } = await database.pool.query<{ id: string }>(
    'insert into notification_channels (name, kind, config, is_default, enabled) values ($1, $2, $3, $4, $5) returning id',
    [name, kind, config, opts.isDefault ?? false, opts.enabled ?? true],
  );
  return rows[0]!.id;
}

export type OutboxRow = { id: number; channel_id: string | null; target: string | null; event: string; dedupe_key: string; task_id: string | null; data: Record<string, unknown> };

export async function outboxRows(database: TestDatabase, where = 'true', values: unknown[] = []): Promise<OutboxRow[]> {
  const { rows } = await database.pool.query<OutboxRow>(`select id, channel_id, target, event, dedupe_key, task_id, data from outbox where ${where} order by id`, values);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * One run of a task, running as a claim would leave it (other tasks' queued runs are left
 * alone), then ended as given by the engine's own statement: one slot's outcome.
 */
export async function endOneRun(database: TestDatabase, taskId: string, status: EndStatus, opts: { error?: string; retryInMs?: number | null; logs?: string[]; result?: unknown } = {}): Promise<number> {
  const { rows } = await database.pool.query<{ id: string; epoch: number }>(
    `insert into runs (task_id, trigger, status, scheduled_for, started_at, worker_id, lease_epoch, lease_expires_at)
     values ($1, 'api', 'running', now(), now(), 'test-worker', 1, now() + interval '30 seconds') returning id, lease_epoch as epoch`,
    [taskId],
  );
  const run = { id: Number(rows[0]!.id), epoch: rows[0]!.epoch };
  for (const [i, line] of (opts.logs ?? []).entries()) {
    await database.pool.query('insert into run_logs (run_id, seq, level, message) values ($1, $2, $3, $4)', [run.id, i + 1, 'info', line]);
  }
  await endRuns(database.pool, [{ runId: run.id, epoch: run.epoch, status, errorMessage: opts.error ?? (status === 'succeeded' ? null : `boom ${run.id}`), result: opts.result, retryInMs: opts.retryInMs ?? null }]);
  return run.id;
}
