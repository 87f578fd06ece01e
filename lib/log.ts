import pino from 'pino';
import { env } from './env';
import { loggableError } from './errors';

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
