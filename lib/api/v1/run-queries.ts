import { and, desc, eq, gt, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { runLogs, runStatuses, runTriggers, runs, tasks, type Run } from '../../../db/schema';
import { notFound } from '../errors';

export const listRunsQuery = z
  .object({
    status: z.enum(runStatuses).optional(),
    trigger: z.enum(runTriggers).optional(),
    from: z.iso.datetime({ offset: true }).optional().describe('Scheduled at or after this instant'),
    to: z.iso.datetime({ offset: true }).optional().describe('Scheduled at or before this instant'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().regex(/^\d{1,15}$/, 'not a cursor this API returned').optional().describe('nextCursor from the previous page'),
  })
  .strict();

/** A run as the API shows it; `full` adds the result and the error's stack. */
export function runJson(r: Run & { taskName?: string }, full = false) {
  return {
    id: r.id,
    taskId: r.taskId,
    ...(r.taskName === undefined ? {} : { taskName: r.taskName }),
    trigger: r.trigger,
    triggeredBy: r.triggeredBy,
    status: r.status,
    reason: r.reason,
    scheduledFor: r.scheduledFor,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    lagMs: r.lagMs,
    durationMs: r.durationMs,
    attempt: r.attempt,
    rootRunId: r.rootRunId,
    workerId: r.workerId,
    params: r.params,
    testMode: r.testMode,
    progress: r.progress,
    errorMessage: r.errorMessage,
    ...(full ? { result: r.result, errorStack: r.errorStack, cancelRequestedAt: r.cancelRequestedAt } : {}),
  };
}

/** Newest first, a page at a time (keyset on id). */
export async function listRuns(db: Db, q: z.output<typeof listRunsQuery>, taskId?: string) {
  const where: (SQL | undefined)[] = [
    taskId ? eq(runs.taskId, taskId) : undefined,
    q.status ? eq(runs.status, q.status) : undefined,
    q.trigger ? eq(runs.trigger, q.trigger) : undefined,
    q.from ? gte(runs.scheduledFor, new Date(q.from)) : undefined,
    q.to ? lte(runs.scheduledFor, new Date(q.to)) : undefined,
    q.cursor ? lt(runs.id, Number(q.cursor)) : undefined,
  ];
  const rows = await db
    .select({ run: runs, taskName: tasks.name })
    .from(runs)
    .innerJoin(tasks, eq(tasks.id, runs.taskId))
    .where(and(...where))
    .orderBy(desc(runs.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit).map((r) => runJson({ ...r.run, taskName: r.taskName }));
  return { items, nextCursor: rows.length > q.limit ? String(items.at(-1)!.id) : null };
}

export async function getRun(db: Db, id: number): Promise<Run & { taskName: string }> {
  const [row] = await db.select({ run: runs, taskName: tasks.name }).from(runs).innerJoin(tasks, eq(tasks.id, runs.taskId)).where(eq(runs.id, id));
  if (!row) throw notFound('run');
  return { ...row.run, taskName: row.taskName };
}

export const logsQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0).describe('The last seq you have; lines after it are returned'),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

/** Log lines after `after`, for tailing: poll again with the last seq until `finished`. */
export async function runLogLines(db: Db, runId: number, q: z.output<typeof logsQuery>) {
  const lines = await db
    .select({ seq: runLogs.seq, level: runLogs.level, message: runLogs.message, at: runLogs.createdAt })
    .from(runLogs)
    .where(and(eq(runLogs.runId, runId), gt(runLogs.seq, q.after)))
    .orderBy(runLogs.seq)
    .limit(q.limit);
  return lines;
}
