import type pg from 'pg';
import { createDb } from '../db/client';
import { TASKS_CHANNEL } from '../lib/engine/channels';
import type { TaskInput } from '../lib/tasks/input';
import { createTask } from '../lib/tasks/service';

const limits = { minIntervalSeconds: 1 };

/**
 * `count` tasks that are exactly what createTask writes, numbered "<name> 1".."<name> N".
 * Creating 10,000 through createTask one by one takes longer than a figure should wait,
 * so the first is created disabled through it and the rest are copied from its row, every
 * column but id and name (the list is read from the catalog, so new columns come along).
 */
export async function createTasks(pool: pg.Pool, input: TaskInput, count: number): Promise<string> {
  const template = await createTask(createDb(pool), { ...input, name: `${input.name} 1`, enabled: false }, limits);
  if (!template.ok) throw new Error(`createTask refused the bench task: ${JSON.stringify(template.errors)}`);
  const { rows } = await pool.query<{ column_name: string }>(
    `select column_name from information_schema.columns
     where table_schema = current_schema() and table_name = 'tasks' and is_generated = 'NEVER'
       and column_name not in ('id', 'name') order by ordinal_position`,
  );
  const columns = rows.map((r) => `"${r.column_name}"`).join(', ');
  await pool.query(
    `insert into tasks (name, ${columns})
     select $2 || ' ' || g, ${columns.replace(/"([^"]+)"/g, 't."$1"')}
     from tasks t, generate_series(2, $3::int) g where t.id = $1`,
    [template.value.id, input.name, count],
  );
  return template.value.id;
}

/**
 * Enable them with their first slot at `at`, as enabling through updateTask does (it sets
 * next_run_at to the schedule's next fire; `at` is one of its fires, chosen by the caller
 * so that every task starts on the same instant after the workers are up).
 */
export async function enableAt(pool: pg.Pool, at: Date): Promise<void> {
  await pool.query(`update tasks set enabled = true, next_run_at = $1, updated_at = now()`, [at]);
  await pool.query('select pg_notify($1, $2)', [TASKS_CHANNEL, '']);
}

/** Stop every task from firing again, as disabling does. */
export async function disableAll(pool: pg.Pool): Promise<void> {
  await pool.query('update tasks set enabled = false, next_run_at = null, updated_at = now()');
}

/** A whole second of the database clock, `lead` seconds ahead. */
export async function instantAhead(pool: pg.Pool, leadSeconds: number): Promise<Date> {
  const { rows } = await pool.query<{ at: Date }>(`select date_trunc('second', now()) + make_interval(secs => $1) as at`, [leadSeconds]);
  return rows[0]!.at;
}
