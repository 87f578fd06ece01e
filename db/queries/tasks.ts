import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { taskState, tasks, type RunStatus, type Task } from '../schema';

/** What the end of runs keeps per task (task_state), as a task is shown with it. */
export type TaskCounters = {
  lastRunAt: Date | null;
  lastStatus: RunStatus | null;
  totalRuns: number;
  succeededCount: number;
  failedCount: number;
  consecutiveFailures: number;
};
export type TaskWithState = Task & TaskCounters;

export const noCounters: TaskCounters = { lastRunAt: null, lastStatus: null, totalRuns: 0, succeededCount: 0, failedCount: 0, consecutiveFailures: 0 };

export function countersOf(t: TaskCounters): TaskCounters {
  return { lastRunAt: t.lastRunAt, lastStatus: t.lastStatus, totalRuns: t.totalRuns, succeededCount: t.succeededCount, failedCount: t.failedCount, consecutiveFailures: t.consecutiveFailures };
}

const zeroIfNone = (column: AnyPgColumn) => sql<number>`coalesce(${column}, 0)`.mapWith(Number);

/** A task's columns and its counters; select from `withState(query)`. A task that never ran has no task_state row. */
export const taskWithStateColumns = {
  ...getTableColumns(tasks),
  lastRunAt: taskState.lastRunAt,
  lastStatus: taskState.lastStatus,
  totalRuns: zeroIfNone(taskState.totalRuns),
  succeededCount: zeroIfNone(taskState.succeededCount),
  failedCount: zeroIfNone(taskState.failedCount),
  consecutiveFailures: zeroIfNone(taskState.consecutiveFailures),
};

export async function findTaskWithState(db: Db, id: string): Promise<TaskWithState | undefined> {
  const [row] = await db.select(taskWithStateColumns).from(tasks).leftJoin(taskState, eq(taskState.taskId, tasks.id)).where(eq(tasks.id, id));
  return row;
}
