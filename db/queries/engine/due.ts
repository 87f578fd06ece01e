import type { Queryable } from './tx';

/** `queue`: a remote task's queue (its runs wait for remote workers), else null. */
export type DueTask = { id: string; schedule: unknown; policy: unknown; nextRunAt: Date; queue: string | null };

/**
 * Lock up to `limit` due tasks for this tick, oldest slot first: `next_run_at <= now()` by the
 * database clock (or `now` when a test injects one), unless "pause all" is on. SKIP LOCKED,
 * so ticking workers split the due tasks between them instead of queueing on each other.
 * Lock order: tasks first (lock-order.md, step 1); no key update, so runs can still be
 * inserted for these tasks meanwhile. Call inside a transaction.
 */
export async function lockDueTasks(client: Queryable, opts: { now?: Date; limit: number }): Promise<{ now: Date; tasks: DueTask[] }> {
  const { rows } = await client.query<{ id: string; schedule: unknown; policy: unknown; next_run_at: Date; queue: string | null; now: Date }>({
    name: 'sundial_lock_due_tasks',
    text: `select t.id, t.schedule, t.policy, t.next_run_at, case when t.handler = 'remote' then t.config->>'queue' end as queue, c.now
      from (select coalesce($1::timestamptz, now()) as now) c
      join tasks t on t.enabled and t.next_run_at <= c.now
      where not exists (select 1 from settings s where s.key = 'scheduler.paused' and s.value = 'true'::jsonb)
      order by t.next_run_at, t.id
      limit $2
      for no key update of t skip locked`,
    values: [opts.now ?? null, opts.limit],
  });
  if (rows.length === 0) {
    const clock = await client.query<{ now: Date }>('select coalesce($1::timestamptz, now()) as now', [opts.now ?? null]);
    return { now: clock.rows[0]!.now, tasks: [] };
  }
  return { now: rows[0]!.now, tasks: rows.map((r) => ({ id: r.id, schedule: r.schedule, policy: r.policy, nextRunAt: r.next_run_at, queue: r.queue })) };
}

/** Whether any task may fire: a worker with none keeps no handler thread warm. */
export async function anyEnabledTask(client: Queryable): Promise<boolean> {
  const { rows } = await client.query<{ any: boolean }>('select exists (select 1 from tasks where enabled) as any');
  return rows[0]?.any ?? false;
}
