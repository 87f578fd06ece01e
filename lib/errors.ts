/**
 * A problem an operator must fix before Sundial can start (bad env value, unreachable
 * database, unknown schema). Entry points print its message as one line, no stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

export function coerceError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  try {
    return new Error(JSON.stringify(value));
  } catch {
    return new Error(String(value));
  }
}

/** Print a startup failure and exit. Known problems get one line; bugs keep their stack. */
export function exitWithStartupError(err: unknown, prefix = 'sundial'): never {
  if (err instanceof StartupError) {
    process.stderr.write(`${prefix}: ${err.message}\n`);
  } else {
    process.stderr.write(`${prefix}: unexpected error during start\n${loggableError(err).stack}\n`);
  }
  process.exit(1);
}

// An error as it may be written to a server log. A failed query carries its parameters
// (drizzle puts them in the message, the stack and `params`; Postgres in `detail`): password
// and key hashes, emails, configs. Database errors are logged by code and constraint only.

export type LoggedError = { type: string; message: string; stack?: string; code?: string; constraint?: string; table?: string; column?: string; cause?: LoggedError };

type PgError = Error & { code?: unknown; severity?: unknown; constraint?: string; table?: string; column?: string };

// Postgres errors carry a five-character SQLSTATE and a severity (pg's DatabaseError).
const isPgError = (e: unknown): e is PgError =>
  e instanceof Error && typeof (e as PgError).code === 'string' && /^[0-9A-Z]{5}$/.test((e as PgError).code as string) && 'severity' in e;

// drizzle's DrizzleQueryError: "Failed query: <sql>\nparams: <values>".
const isQueryError = (e: Error) => 'params' in e && 'query' in e;

const frames = (stack: string | undefined) => (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));

function databaseError(err: Error, pg: PgError | null): LoggedError {
  const code = pg?.code as string | undefined;
  // Class 22 (data exception) messages quote the offending value; others name only objects.
  const message = pg && !code?.startsWith('22') ? pg.message : 'database error';
  const type = err.name;
  const facts = { code, constraint: pg?.constraint, table: pg?.table, column: pg?.column };
  const defined = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
  return { type, message, ...defined, stack: [`${type}: ${message}`, ...frames(err.stack)].join('\n') };
}

/** True when the error, or one it wraps, came from a query: printing it as is may print its parameters. */
export function fromDatabase(value: unknown, depth = 0): boolean {
  if (!(value instanceof Error) || depth > 5) return false;
  return isPgError(value) || isQueryError(value) || fromDatabase(value.cause, depth + 1);
}

/** The pino `err` serializer, and what any other server log line should print for an error. */
export function loggableError(value: unknown, depth = 0): LoggedError {
  const err = coerceError(value);
  if (isPgError(err)) return databaseError(err, err);
  if (isQueryError(err)) return databaseError(err, isPgError(err.cause) ? err.cause : null);
  const code = (err as { code?: unknown }).code;
  const cause = err.cause !== undefined && depth < 5 ? loggableError(err.cause, depth + 1) : undefined;
  return { type: err.name, message: err.message, stack: err.stack, ...(typeof code === 'string' ? { code } : {}), ...(cause ? { cause } : {}) };
}
