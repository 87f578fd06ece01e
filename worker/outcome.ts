import { HandedOverError, MovedToQueueError, NonRetryableError, RateLimitedError, RunAbortedError, type AbortReason } from '../lib/engine/errors';
import { coerceError } from '../lib/errors';
import { capResult } from '../lib/engine/result';

export type Outcome =
  | { kind: 'succeeded'; result: unknown }
  | { kind: 'failed'; error: Error; retryable: boolean }
  | { kind: 'aborted'; reason: AbortReason }
  | { kind: 'deferred'; delayMs: number; message: string }
  | { kind: 'handed_over'; message: string }
  | { kind: 'moved'; queue: string; message: string };

/** How a handler's end maps to a run's end. An aborted signal wins over whatever was thrown. */
export function classify(value: { ok: true; result: unknown } | { ok: false; error: unknown }, signal: AbortSignal): Outcome {
  if (signal.aborted) {
    const reason = signal.reason instanceof RunAbortedError ? signal.reason.reason : 'cancelled';
    return { kind: 'aborted', reason };
  }
  if (value.ok) return { kind: 'succeeded', result: capResult(value.result) };
  const error = coerceError(value.error);
  if (error instanceof HandedOverError) return { kind: 'handed_over', message: error.message };
  if (error instanceof MovedToQueueError) return { kind: 'moved', queue: error.queue, message: error.message };
  if (error instanceof RateLimitedError) return { kind: 'deferred', delayMs: Math.max(0, error.retryAfterMs), message: error.message };
  return { kind: 'failed', error, retryable: !(error instanceof NonRetryableError) };
}
