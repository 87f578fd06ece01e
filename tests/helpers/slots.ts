import type pg from 'pg';

export type SlotGrid = { tasks: number; shortest_span: number; missing: number; duplicated: number };

/**
 * For every task with every-second fires: how many slots between its first and last fire
 * have no run, and how many have more than one. Manual and retry runs are not slots.
 */
export async function everySecondSlotGrid(pool: pg.Pool): Promise<SlotGrid> {
  const { rows } = await pool.query<SlotGrid>(`
    with slots as (select task_id, scheduled_for from runs where trigger in ('schedule', 'catch_up')),
    bounds as (select task_id, min(scheduled_for) as lo, max(scheduled_for) as hi from slots group by task_id),
    expected as (select b.task_id, g.slot from bounds b, generate_series(b.lo, b.hi, interval '1 second') as g(slot))
    select
      (select count(*)::int from bounds) as tasks,
      (select min(extract(epoch from hi - lo))::int from bounds) as shortest_span,
      (select count(*)::int from expected e where not exists (
         select 1 from slots s where s.task_id = e.task_id and s.scheduled_for = e.slot)) as missing,
      (select count(*)::int from (select 1 from slots group by task_id, scheduled_for having count(*) > 1) d) as duplicated`);
  return rows[0]!;
}
