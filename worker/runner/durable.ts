import type pino from 'pino';
import { coerceError } from '../../lib/errors';

const TRANSIENT_CODES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300', '53400']);
const TRANSIENT_TEXT = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|Connection terminated|connection error|timeout exceeded when trying to connect|not queryable|the database system is/i;

/** A failure that may pass by itself: a lost connection, a restarting server, a serialization failure or deadlock. */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  return TRANSIENT_TEXT.test(coerceError(err).message);
}

/** Backoff between tries of a durable write: 100 ms doubling to 2 s, so a write lands within 2 s of the database's return, well inside the grace the reaper gives owners (one lease). */
export const retryDelayMs = (attempt: number) => Math.min(2000, 100 * 2 ** Math.max(0, attempt - 1));

/**
 * Run `write` until it succeeds. Transient failures are retried with backoff for as long as
 * `keepTrying()` holds; any other failure is tried 3 times. Each write here is fenced by
 * lease epoch, so repeating one that did land is harmless.
 */
export async function durably<T>(write: () => Promise<T>, o: { log: pino.Logger; what: string; keepTrying: () => boolean; onFailure?: (err: unknown) => void }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      o.onFailure?.(err);
      const again = isTransient(err) ? o.keepTrying() : attempt < 3;
      if (!again) throw err;
      if (attempt === 1 || attempt % 10 === 0) o.log.warn({ err: coerceError(err), attempt }, `${o.what} failed; trying again`);
      await new Promise((r) => setTimeout(r, retryDelayMs(attempt)));
    }
  }
}
