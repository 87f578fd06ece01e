import pino from 'pino';
import { env } from './env';

/** JSON logs on stdout. Never pass secrets (passwords, keys, full DATABASE_URL) as fields. */
export function createLogger(name: string): pino.Logger {
  return pino({ name, level: env().LOG_LEVEL, base: { pid: process.pid } });
}
