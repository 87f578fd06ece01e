import type pg from 'pg';
import { taskTimeoutSeconds } from '../../../db/queries/task-timeout';
import { NonRetryableError } from '../../../lib/engine/errors';
import { defineTask, type TaskContext } from '../../define';
import { configSchema, RUN_PARAM, type SqlConfig } from './config';
import { cancelOnAbort, connect, where } from './connect';

// SQLSTATE classes that the same statement will hit again: syntax and names (42), data (22),
// constraints (23), unsupported (0A), cardinality (21), transaction state (25), check option (44).
const PERMANENT = new Set(['42', '22', '23', '0A', '21', '25', '44']);

export const sqlTask = defineTask({
  key: 'sql',
  title: 'SQL statement',
  description:
    "Runs one parameterized statement on a Postgres database whose URL is a secret, and returns the row count and the first rows. The task's timeout is the statement_timeout; a test run is rolled back.",
  configSchema,
  run: async (ctx) => {
    const values = bindParams(ctx.config.params, ctx.params);
    // The engine aborts the run on time; statement_timeout also ends the statement when this worker cannot (it died).
    const timeoutSeconds = (await taskTimeoutSeconds(ctx.db, ctx.taskId)) ?? 3600;
    const { default: Pg } = await import('pg');
    const client = await connect(Pg, ctx.config.connection, ctx.runId);
    const stopCancelling = cancelOnAbort(Pg, ctx.config.connection, client, ctx.signal);
    try {
      return await execute(ctx, client, values, timeoutSeconds);
    } catch (err) {
      throw failure(ctx, client, err, timeoutSeconds);
    } finally {
      stopCancelling();
      // Ending the session also rolls back a test run whose statement failed.
      await client.end().catch(() => {});
    }
  },
});

async function execute(ctx: TaskContext<SqlConfig>, client: pg.Client, values: unknown[], timeoutSeconds: number) {
  const { statement, maxRows } = ctx.config;
  await client.query(`select set_config('statement_timeout', $1, false)`, [String(Math.ceil(timeoutSeconds * 1000))]);
  if (ctx.testMode) await client.query('begin');
  ctx.checkpoint();
  const started = performance.now();
  // The extended protocol takes exactly one statement: "a; b" is refused by the server.
  const result = await client.query({ text: statement, values, queryMode: 'extended' } as pg.QueryConfig);
  const durationMs = Math.round(performance.now() - started);
  if (ctx.testMode) await client.query('rollback');
  const rowCount = result.rowCount ?? 0;
  const rows = result.rows ?? [];
  ctx.log(`${result.command} ${rowCount} on ${where(client)} in ${durationMs} ms${ctx.testMode ? '; rolled back (test mode)' : ''}`);
  return {
    command: result.command,
    rowCount,
    rows: rows.slice(0, maxRows),
    truncated: rows.length > maxRows,
    durationMs,
    testMode: ctx.testMode,
    ...(ctx.testMode ? { rolledBack: true } : {}),
  };
}

/** The config's params with each {{params.NAME}} replaced by the run's param (objects as JSON text). */
export function bindParams(params: SqlConfig['params'], runParams: Record<string, unknown>): unknown[] {
  return params.map((value, i) => {
    const name = typeof value === 'string' ? RUN_PARAM.exec(value)?.[1] : undefined;
    if (name === undefined) return value;
    if (!Object.hasOwn(runParams, name)) throw new NonRetryableError(`$${i + 1} takes the run param "${name}", and this run was not given it`);
    const given = runParams[name];
    return given !== null && typeof given === 'object' ? JSON.stringify(given) : given;
  });
}

function failure(ctx: TaskContext<SqlConfig>, client: pg.Client, err: unknown, timeoutSeconds: number): Error {
  // The engine tells timeout from cancel by the run signal's own reason.
  if (ctx.signal.aborted) return ctx.signal.reason as Error;
  const e = err as Partial<pg.DatabaseError>;
  if (typeof e.code !== 'string' || e.code.length !== 5) return err instanceof Error ? err : new Error(String(err));
  if (e.code === '57014' && /statement timeout/.test(e.message ?? '')) {
    return new Error(`the statement ran past the task's timeout (statement_timeout ${timeoutSeconds}s) on ${where(client)} and was cancelled`);
  }
  const message = `${e.message} (SQLSTATE ${e.code}${e.position ? `, at character ${e.position}` : ''}) on ${where(client)}`;
  return PERMANENT.has(e.code.slice(0, 2)) ? new NonRetryableError(message) : new Error(message);
}
