import { DURATION_BUCKETS_MS } from '../../db/schema';

export { DURATION_BUCKETS_MS };

/** 1-based index of the bucket a duration falls in; db/queries/engine/end-runs.ts computes the same in SQL. */
export function durationBucket(ms: number): number {
  const i = DURATION_BUCKETS_MS.findIndex((bound) => ms < bound);
  return (i === -1 ? DURATION_BUCKETS_MS.length : i) + 1;
}

/** An upper estimate of a percentile from summed histograms: the bound of the bucket it falls in. */
export function percentileFromBuckets(buckets: number[], p: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i] ?? 0;
    if (seen >= total * p) return DURATION_BUCKETS_MS[i] ?? Infinity;
  }
  return Infinity;
}
