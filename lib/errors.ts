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
    process.stderr.write(`${prefix}: unexpected error during start\n${coerceError(err).stack}\n`);
  }
  process.exit(1);
}
