import { createTask } from '../../lib/tasks/service';
import type { TaskInput } from '../../lib/tasks/input';
import type { Task } from '../../db/schema';
import type { TestDatabase } from './db';

export const limits = { minIntervalSeconds: 1 };

/** Create a task through the same service the API uses; fail the test on validation errors. */
export async function makeTask(database: TestDatabase, input: Partial<TaskInput> & { name: string }): Promise<Task> {
  const result = await createTask(
    database.db,
    { handler: 'noop', schedule: { kind: 'cron', expression: '* * * * * *', timezone: 'UTC' }, ...input },
    limits,
  );
  if (!result.ok) throw new Error(`createTask failed: ${JSON.stringify(result.errors)}`);
  return result.value;
}

export type RunRow = {
  id: number;
  task_id: string;
  status: string;
  trigger: string;
  attempt: number;
  root_run_id: number | null;
  scheduled_for: Date;
  started_at: Date | null;
  finished_at: Date | null;
  worker_id: string | null;
  reason: string | null;
  error_message: string | null;
  result: unknown;
};

export async function runsOf(database: TestDatabase, taskId: string): Promise<RunRow[]> {
  const { rows } = await database.pool.query<RunRow>('select * from runs where task_id = $1 order by id', [taskId]);
  return rows.map((r) => ({ ...r, id: Number(r.id), root_run_id: r.root_run_id === null ? null : Number(r.root_run_id) }));
}
