import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../../db/client';
import { runs, tasks } from '../../../db/schema';
import { notFound } from '../errors';
import { route } from '../route';
import { toCsv } from './csv';
import { newestFirst, runFilters, runsWhere } from './run-queries';
import { idParam } from './task-json';

/** A download stays small enough to build in memory; the response says when it was cut. */
export const EXPORT_ROW_LIMIT = 10_000;

export const exportRunsQuery = runFilters.strict();

export const RUN_CSV_HEADER = [
  'id', 'status', 'trigger', 'triggered_by', 'scheduled_for', 'started_at', 'finished_at',
  'duration_ms', 'lag_ms', 'attempt', 'root_run_id', 'test_mode', 'worker_id', 'reason', 'error_message',
];

/** A task's runs with the history's filters, newest first, at most EXPORT_ROW_LIMIT of them. */
export async function exportTaskRuns(db: Db, taskId: string, q: z.output<typeof exportRunsQuery>) {
  const rows = await db
    .select()
    .from(runs)
    .where(and(...runsWhere({ ...q, taskId })))
    .orderBy(...newestFirst)
    .limit(EXPORT_ROW_LIMIT + 1);
  const kept = rows.slice(0, EXPORT_ROW_LIMIT);
  const csv = toCsv(
    RUN_CSV_HEADER,
    kept.map((r) => [
      r.id, r.status, r.trigger, r.triggeredBy, r.scheduledFor, r.startedAt, r.finishedAt,
      r.durationMs, r.lagMs, r.attempt, r.rootRunId, r.testMode, r.workerId, r.reason, r.errorMessage,
    ]),
  );
  return { csv, rows: kept.length, truncated: rows.length > EXPORT_ROW_LIMIT };
}

/** "nightly import" -> "nightly-import": a file name every OS and header accepts. */
export const fileSlug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'task';

export const exportTaskRunsRoute = route({ role: 'viewer', query: exportRunsQuery }, async ({ db, params, query }) => {
  const [task] = await db.select({ id: tasks.id, name: tasks.name }).from(tasks).where(eq(tasks.id, idParam(params)));
  if (!task) throw notFound('task');
  const { csv, rows, truncated } = await exportTaskRuns(db, task.id, query);
  return {
    text: { content: csv, contentType: 'text/csv; charset=utf-8' },
    headers: {
      'content-disposition': `attachment; filename="runs-${fileSlug(task.name)}.csv"`,
      'cache-control': 'no-store',
      'x-row-count': String(rows),
      'x-row-limit': String(EXPORT_ROW_LIMIT),
      'x-truncated': String(truncated),
    },
  };
});
