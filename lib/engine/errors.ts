/** Thrown by a handler when trying again cannot help (bad config, 4xx): no retry. */
export class NonRetryableError extends Error {
  override name = 'NonRetryableError';
}

/**
 * Thrown by a handler that was told to slow down (HTTP 429, 503 with Retry-After). The run
 * is deferred by `retryAfterMs` and tried again; it does not count as a failed attempt.
 */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited: retry after ${Math.ceil(retryAfterMs / 1000)}s`,
  ) {
    super(message);
  }
}

/** The abort reasons the executor gives a run's signal. */
export type AbortReason = 'timeout' | 'cancelled' | 'shutdown' | 'lost';
export class RunAbortedError extends Error {
  override name = 'RunAbortedError';
  constructor(readonly reason: AbortReason) {
    super({ timeout: 'timed out', cancelled: 'cancelled', shutdown: 'worker shutting down', lost: 'lease lost to another worker' }[reason]);
  }
}

/**
 * Thrown by a handler whose run goes on outside the worker: an app answered 202 and will
 * report the outcome itself with the run token. The worker hands the run over (holder `app`,
 * lease until the run's timeout) instead of ending it.
 */
export class HandedOverError extends Error {
  override name = 'HandedOverError';
}

/**
 * Thrown by a pipeline at a `remote` step: the run moves to that queue for a remote worker,
 * which finishes the step; then the run comes back to an in-process worker for the next one.
 */
export class MovedToQueueError extends Error {
  override name = 'MovedToQueueError';
  constructor(
    readonly queue: string,
    message = `waiting for a remote worker on queue "${queue}"`,
  ) {
    super(message);
  }
}
