import { eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { z } from 'zod';
import { type Db } from '../../../db/client';
import { getPool } from '../../db';
import { RowCursor } from '../../../db/queries/history';
import { runs, tasks } from '../../../db/schema';
import { redactText } from '../../redact';
import { notFound } from '../errors';
import { route } from '../route';
import { csvLines, type CsvCell } from './csv';
import { newestFirst, runFilters, runsSource } from './run-queries';
import { idParam } from './task-json';

/** The most rows one download carries; the response says when it was cut. */
export const EXPORT_ROW_LIMIT = 10_000;
/** Rows per fetch from the database: what the download holds in memory at once. */
export const EXPORT_BATCH = 1_000;

export const exportRunsQuery = runFilters.strict();

export const RUN_CSV_HEADER = [
  'id', 'status', 'trigger', 'triggered_by', 'scheduled_for', 'started_at', 'finished_at',
  'duration_ms', 'lag_ms', 'attempt', 'root_run_id', 'test_mode', 'worker_id', 'reason', 'error_message',
];

// Only what the file shows: a run's params, result and stack can be large and are left in
// the database. Times leave Postgres as the ISO-8601 text a JS Date would print: parsing
// 30,000 timestamps into Dates only to print them again was the largest share of its JS time.
const iso = (column: AnyPgColumn, name: string) => sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as(name);
const exported = {
  id: runs.id, status: runs.status, trigger: runs.trigger, triggeredBy: runs.triggeredBy, scheduledFor: runs.scheduledFor,
  scheduledForText: iso(runs.scheduledFor, 'scheduled_for_text'), startedAt: iso(runs.startedAt, 'started_at'), finishedAt: iso(runs.finishedAt, 'finished_at'),
  durationMs: runs.durationMs, lagMs: runs.lagMs, attempt: runs.attempt, rootRunId: runs.rootRunId, testMode: runs.testMode,
  workerId: runs.workerId, reason: runs.reason, errorMessage: runs.errorMessage,
};
type Row = Record<string, CsvCell> & { total_rows: string };
const FREE_TEXT = new Set(['reason', 'error_message']);
const cells = (r: Row): CsvCell[] => RUN_CSV_HEADER.map((column) => (FREE_TEXT.has(column) && typeof r[column] === 'string' ? redactText(r[column]) : r[column]));

/**
 * A task's runs with the history's filters, newest first, at most EXPORT_ROW_LIMIT of them
 * and one more to tell that there were more. The count rides on every row (a window over
 * the limited rows), so the first batch already says how many rows the file has and whether
 * it was cut: one pass over the index, and headers and body come from one snapshot.
 */
export function exportQuery(db: Db, taskId: string, q: z.output<typeof exportRunsQuery>): { sql: string; params: unknown[] } {
  const { from, where } = runsSource(db, { ...q, taskId });
  const limited = db
    .select(exported)
    .from(from)
    .where(where)
    .orderBy(...newestFirst)
    .limit(EXPORT_ROW_LIMIT + 1)
    .toSQL();
  // The inner key orders the outer query (a qualified name is the input column); the file gets its text.
  const columns = RUN_CSV_HEADER.map((c) => (c === 'scheduled_for' ? 's.scheduled_for_text as scheduled_for' : `s.${c}`)).join(', ');
  return { sql: `select ${columns}, count(*) over () as total_rows from (${limited.sql}) s order by s.scheduled_for desc, s.id desc`, params: limited.params };
}

/** The export as a CSV stream that holds one batch of rows at a time, with its row count. */
export async function exportTaskRuns(db: Db, pool: pg.Pool, taskId: string, q: z.output<typeof exportRunsQuery>) {
  const query = exportQuery(db, taskId, q);
  const cursor = await RowCursor.open<Row>(pool, query, EXPORT_BATCH);
  const first = await cursor.read();
  const found = Number(first[0]?.total_rows ?? 0);
  const rows = Math.min(found, EXPORT_ROW_LIMIT);
  let sent = 0;
  const lines = (batch: Row[]) => {
    const kept = batch.slice(0, rows - sent);
    sent += kept.length;
    return csvLines(kept.map(cells));
  };
  const encoder = new TextEncoder();
  // The reader can go away while a batch is on its way; that batch is dropped.
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLines([RUN_CSV_HEADER]) + lines(first)));
    },
    async pull(controller) {
      try {
        const batch = sent < rows ? await cursor.read() : [];
        if (cancelled) return;
        const text = lines(batch);
        if (text) controller.enqueue(encoder.encode(text));
        if (batch.length === 0 || sent === rows) {
          await cursor.close();
          controller.close();
        }
      } catch (err) {
        if (cancelled) return;
        console.error('CSV export failed after the download started', err);
        controller.error(err);
      }
    },
    cancel() {
      cancelled = true;
      return cursor.close();
    },
  });
  return { body, rows, truncated: found > EXPORT_ROW_LIMIT };
}

/** "nightly import" -> "nightly-import": a file name every OS and header accepts. */
export const fileSlug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'task';

export const exportTaskRunsRoute = route({ role: 'viewer', query: exportRunsQuery }, async ({ db, params, query }) => {
  const [task] = await db.select({ id: tasks.id, name: tasks.name }).from(tasks).where(eq(tasks.id, idParam(params)));
  if (!task) throw notFound('task');
  const { body, rows, truncated } = await exportTaskRuns(db, getPool(), task.id, query);
  return {
    text: { content: body, contentType: 'text/csv; charset=utf-8' },
    headers: {
      'content-disposition': `attachment; filename="runs-${fileSlug(task.name)}.csv"`,
      'cache-control': 'no-store',
      'x-row-count': String(rows),
      'x-row-limit': String(EXPORT_ROW_LIMIT),
      'x-truncated': String(truncated),
    },
  };
});
