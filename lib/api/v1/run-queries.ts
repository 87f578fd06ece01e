import type { RunStep } from '../../../db/queries/engine/steps';
import { and, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { orderedRead, type ReadTx } from '../../../db/queries/history';
import { runLogs, runStatuses, runTriggers, runs, tasks, type Run } from '../../../db/schema';
import { redact, redactText } from '../../redact';
import { notFound } from '../errors';
import { badCursor, cursorParts, instant, isPgTimestamp } from './cursor';

export const runFilters = z.object({
  status: z.enum(runStatuses).optional(),
  trigger: z.enum(runTriggers).optional(),
  from: instant().optional().describe('Scheduled at or after this instant'),
  to: instant().optional().describe('Scheduled at or before this instant'),
});
export type RunFilters = z.output<typeof runFilters> & { taskId?: string };

export const listRunsQuery = runFilters
  .extend({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional().describe('nextCursor from the previous page'),
  })
  .strict();

/** The history's filters; db/schema/tasks.ts says which index serves each, alone or with a task. */
export function runsWhere(f: RunFilters): (SQL | undefined)[] {
  return [
    f.taskId ? eq(runs.taskId, f.taskId) : undefined,
    f.status ? eq(runs.status, f.status) : undefined,
    f.trigger ? eq(runs.trigger, f.trigger) : undefined,
    f.from ? gte(runs.scheduledFor, new Date(f.from)) : undefined,
    f.to ? lte(runs.scheduledFor, new Date(f.to)) : undefined,
  ];
}

/**
 * Newest first means latest scheduled_for first, then highest id: the order every history
 * index yields, so that a time range is one stretch of an index. The cursor carries the key
 * as Postgres prints it, so microseconds survive (a JS Date would cut them and skip runs).
 */
export const newestFirst = [desc(runs.scheduledFor), desc(runs.id)];
export const runKey = sql<string>`${runs.scheduledFor}::text`;

const encodeCursor = (key: string, id: number) => Buffer.from(JSON.stringify([key, String(id)])).toString('base64url');

function afterCursor(cursor: string): SQL {
  const [key, id, ...rest] = cursorParts(cursor) ?? [];
  if (!isPgTimestamp(key) || typeof id !== 'string' || !/^\d{1,15}$/.test(id) || rest.length > 0) throw badCursor();
  return sql`(${runs.scheduledFor}, ${runs.id}) < (${key}::timestamptz, ${id}::bigint)`;
}

/** A run as the API and the pages show it, credentials redacted; `full` adds the result and the error's stack. */
export function runJson(r: Run & { taskName?: string }, full = false) {
  return {
    id: r.id,
    taskId: r.taskId,
    ...(r.taskName === undefined ? {} : { taskName: r.taskName }),
    trigger: r.trigger,
    triggeredBy: r.triggeredBy,
    status: r.status,
    partial: r.partial,
    reason: r.reason === null ? null : redactText(r.reason),
    scheduledFor: r.scheduledFor,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    lagMs: r.lagMs,
    durationMs: r.durationMs,
    attempt: r.attempt,
    rootRunId: r.rootRunId,
    workerId: r.workerId,
    params: redact(r.params) as Run['params'],
    testMode: r.testMode,
    progress: redact(r.progress) as Run['progress'],
    errorMessage: r.errorMessage === null ? null : redactText(r.errorMessage),
    ...(full ? { result: redact(r.result), errorStack: r.errorStack === null ? null : redactText(r.errorStack), cancelRequestedAt: r.cancelRequestedAt } : {}),
  };
}

/** A run's steps (pipeline steps and ctx.step calls), redacted like its result and error. */
export function stepsJson(steps: RunStep[]) {
  return steps.map((s) => ({ ...s, result: redact(s.result), error: s.error === null ? null : redactText(s.error), reason: s.reason === null ? null : redactText(s.reason) }));
}

/** Statuses a run leaves: few runs have them at once, and no history index holds them. */
const ACTIVE: readonly string[] = ['queued', 'running'];
// Drizzle leaves out a literal OFFSET 0; as SQL it stays.
const FENCE = sql`0` as unknown as number;

/**
 * Where a history read selects from, and its filters. Queued and running runs are few (the
 * queue and what runs now) but sit in no history index (each changes status twice more):
 * for them the filters run as a query of their own, through the engine's indexes, and the
 * page is sorted. OFFSET 0 keeps Postgres from merging that query into the outer one, where
 * without statistics it would walk the whole history in order, looking for them.
 */
export function runsSource(db: Db | ReadTx, f: RunFilters, after?: SQL): { from: typeof runs; where: SQL | undefined } {
  const where = and(...runsWhere(f), after);
  if (!f.status || !ACTIVE.includes(f.status)) return { from: runs, where };
  return { from: db.select().from(runs).where(where).offset(FENCE).as('runs') as unknown as typeof runs, where: undefined };
}

/** One page and the next run, if any: the query listRuns runs (tests EXPLAIN it). */
export function listRunsSelect(db: Db | ReadTx, q: z.output<typeof listRunsQuery>, taskId?: string) {
  const { from, where } = runsSource(db, { ...q, taskId }, q.cursor ? afterCursor(q.cursor) : undefined);
  return db
    .select({ run: runs, taskName: tasks.name, key: runKey })
    .from(from)
    .innerJoin(tasks, eq(tasks.id, runs.taskId))
    .where(where)
    .orderBy(...newestFirst)
    .limit(q.limit + 1);
}

/** Newest first, a page at a time (keyset on scheduled_for, id). */
export async function listRuns(db: Db, q: z.output<typeof listRunsQuery>, taskId?: string) {
  const rows = await orderedRead(db, (tx) => listRunsSelect(tx, q, taskId));
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map((r) => runJson({ ...r.run, taskName: r.taskName })), nextCursor: rows.length > q.limit && last ? encodeCursor(last.key, last.run.id) : null };
}

export async function getRun(db: Db, id: number): Promise<Run & { taskName: string }> {
  const [row] = await db.select({ run: runs, taskName: tasks.name }).from(runs).innerJoin(tasks, eq(tasks.id, runs.taskId)).where(eq(runs.id, id));
  if (!row) throw notFound('run');
  return { ...row.run, taskName: row.taskName };
}

export const logsQuery = z
  .object({
    after: z.coerce.number().int().min(0).max(2_147_483_647).default(0).describe('The last seq you have; lines after it are returned'),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

/** Log lines after `after`, for tailing: poll again with the last seq until `finished`. */
export async function runLogLines(db: Db, runId: number, q: z.output<typeof logsQuery>) {
  const lines = await db
    .select({ seq: runLogs.seq, level: runLogs.level, message: runLogs.message, at: runLogs.createdAt, step: runLogs.step })
    .from(runLogs)
    .where(and(eq(runLogs.runId, runId), gt(runLogs.seq, q.after)))
    .orderBy(runLogs.seq)
    .limit(q.limit);
  return lines.map((l) => ({ ...l, message: redactText(l.message) }));
}
