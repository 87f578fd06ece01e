import pino from 'pino';
import { env } from './env';
import { fromDatabase, loggableError, type LoggedError } from './errors';

/**
 * JSON logs on stdout (or `destination`, for tests). Never pass secrets (passwords, keys, full
 * DATABASE_URL) as fields; errors under `err` are logged without query parameters.
 */
export function createLogger(name: string, destination?: pino.DestinationStream): pino.Logger {
  const options = { name, level: env().LOG_LEVEL, base: { pid: process.pid }, serializers: { err: loggableError } };
  return destination ? pino(options, destination) : pino(options);
}

let web: pino.Logger | undefined;

/** The web process's logger, made on first use. Through process.stdout, so its lines keep their order among Next's own. */
export const webLog = (): pino.Logger => (web ??= createLogger('web', process.stdout));

const printed = (e: LoggedError): string => `${e.stack ?? `${e.type}: ${e.message}`}${e.cause ? `\ncaused by ${printed(e.cause)}` : ''}`;

/**
 * Next.js and next-auth log errors through the console (a page whose query failed, a sign-in
 * that could not write): a database error among the arguments is printed without its
 * parameters. Call once at the start of a process.
 */
export function guardConsole(target: Pick<Console, 'error' | 'warn'> = console): void {
  for (const level of ['error', 'warn'] as const) {
    const original = target[level].bind(target);
    target[level] = (...args: unknown[]) => original(...args.map((arg) => (fromDatabase(arg) ? printed(loggableError(arg)) : arg)));
  }
}
