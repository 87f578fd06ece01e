import pino from 'pino';
import { env } from './env';
import { fromDatabase, loggableError, type LoggedError } from './errors';
import { isSecretName, redact, redactText } from './redact';

/**
 * Log fields as written: an error becomes its loggable form first (a failed query by code and
 * constraint, never its parameters; causes kept), then everything passes the redaction the
 * API and audit log use.
 */
export function redactLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? redact(loggableError(v)) : redact(v, isSecretName(k))]));
}

/**
 * JSON logs on stdout (or `destination`, for tests). Fields and messages pass through the one
 * redaction (lib/redact.ts), and errors are logged without query parameters;
 * still, never log a secret on purpose.
 */
export function createLogger(name: string, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    name,
    level: env().LOG_LEVEL,
    base: { pid: process.pid },
    // Errors are made loggable in redactLogFields; pino's own err serializer would see a plain object.
    serializers: { err: (value: unknown) => value },
    formatters: { log: redactLogFields },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a: unknown) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
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
