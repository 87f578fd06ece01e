/**
 * Delay before attempt `attempt + 1`, after attempt `attempt` failed: exponential from
 * `baseSeconds`, capped at `maxSeconds`, with "equal jitter": uniformly within [d/2, d].
 * Half the delay is guaranteed (so retries never stampede back at once) and half is random
 * (so many failing tasks spread out).
 */
export function backoffMs(attempt: number, baseSeconds: number, maxSeconds: number, random: () => number = Math.random): number {
  const exponential = baseSeconds * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, maxSeconds) * 1000;
  return Math.round(capped / 2 + random() * (capped / 2));
}

export function backoffBoundsMs(attempt: number, baseSeconds: number, maxSeconds: number): { min: number; max: number } {
  return { min: backoffMs(attempt, baseSeconds, maxSeconds, () => 0), max: backoffMs(attempt, baseSeconds, maxSeconds, () => 1) };
}
