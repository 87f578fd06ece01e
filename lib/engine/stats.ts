import { DURATION_BUCKETS_MS } from '../../db/schema';

export { DURATION_BUCKETS_MS };

/** 1-based index of the bucket a duration falls in; db/queries/engine/end-runs.ts computes the same in SQL. */
export function durationBucket(ms: number): number {
  const i = DURATION_BUCKETS_MS.findIndex((bound) => ms < bound);
  return (i === -1 ? DURATION_BUCKETS_MS.length : i) + 1;
}

/**
 * A percentile estimated from summed histograms: found in its bucket by linear interpolation
 * between the bucket's bounds, and never above the longest duration seen (`maxMs`). So one run
 * of 106 ms has a p95 of 106 ms, not its bucket's 300 ms bound, and a p95 in the open last
 * bucket ("over an hour") is at most the longest run. Rounded to whole milliseconds.
 */
export function percentileFromBuckets(buckets: number[], p: number, maxMs: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = total * p;
  let before = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i] ?? 0;
    if (n > 0 && before + n >= rank) {
      const lower = i === 0 ? 0 : DURATION_BUCKETS_MS[i - 1]!;
      const upper = Math.max(lower, Math.min(DURATION_BUCKETS_MS[i] ?? maxMs, maxMs));
      return Math.round(Math.min(maxMs, lower + (upper - lower) * ((rank - before) / n)));
    }
    before += n;
  }
  return maxMs;
}
