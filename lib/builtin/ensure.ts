import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { createTask, type Limits } from '../tasks/service';
import { builtins, type Builtin } from './tasks';

/**
 * On the first start, create Sundial's own tasks (weekly report, pruning, backup) as tasks
 * people can edit, pause or delete. Each is created once: a settings row marks it, so a task
 * someone deleted stays deleted (and one of theirs that has the name already is left alone).
 * Several processes starting at once race on that row; one wins.
 */
export async function ensureBuiltinTasks(db: Db, limits: Limits): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const builtin of builtins) {
    // One transaction each: the mark and its task land together, or neither does.
    if (await db.transaction((tx) => createOnce(tx as unknown as Db, builtin, limits))) created.push(builtin.name);
  }
  return { created };
}

async function createOnce(db: Db, builtin: Builtin, limits: Limits): Promise<boolean> {
  const claimed = await db.execute(sql`insert into settings (key, value) values (${builtin.mark}, '{"created": true}'::jsonb) on conflict (key) do nothing returning key`);
  if (claimed.rows.length === 0) return false;
  const taken = await db.execute(sql`select 1 from tasks where name = ${builtin.name}`);
  if (taken.rows.length > 0) return false;
  const task = await createTask(db, builtin.input(), limits);
  if (!task.ok) throw new Error(`could not create the built-in task "${builtin.name}": ${task.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return true;
}
