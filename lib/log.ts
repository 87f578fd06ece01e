import pino from 'pino';
import { env } from './env';
import { isSecretName, redact, redactText } from './redact';

/** An error as a log field: the same class (pino names it), its text and own fields cleaned of credentials. */
function errorField(e: Error): Error {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(e) as object) as Error, redact({ ...e }) as object);
  copy.name = e.name;
  copy.message = redactText(e.message);
  copy.stack = e.stack === undefined ? undefined : redactText(e.stack);
  return copy;
}

/** Log fields as written: the redaction the API and audit log use, with errors kept readable. */
export function redactLogFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? errorField(v) : redact(v, isSecretName(k))]));
}

/** JSON logs on stdout. Fields and messages pass through the one redaction (lib/redact.ts); still, never log a secret on purpose. */
export function createLogger(name: string): pino.Logger {
  return pino({
    name,
    level: env().LOG_LEVEL,
    base: { pid: process.pid },
    formatters: { log: redactLogFields },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a: unknown) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
  });
}
