import { describe, expect, it } from 'vitest';
import { backoffBoundsMs, backoffMs } from '../../../lib/engine/backoff';
import { durationBucket, percentileFromBuckets } from '../../../lib/engine/stats';
import { capResult } from '../../../lib/engine/result';

describe('backoff', () => {
  it('doubles per attempt within [d/2, d] and stops at the cap', () => {
    expect(backoffBoundsMs(1, 10, 3600)).toEqual({ min: 5_000, max: 10_000 });
    expect(backoffBoundsMs(3, 10, 3600)).toEqual({ min: 20_000, max: 40_000 });
    expect(backoffBoundsMs(20, 10, 60)).toEqual({ min: 30_000, max: 60_000 });
    expect(backoffMs(2, 10, 3600, () => 0.5)).toBe(15_000);
    expect(backoffMs(1, 0, 0)).toBe(0);
  });
});

describe('duration histogram', () => {
  it('puts durations in log-scale buckets and estimates p95 from them', () => {
    expect(durationBucket(50)).toBe(1);
    expect(durationBucket(100)).toBe(2);
    expect(durationBucket(4_000_000)).toBe(12);
    const buckets = Array(12).fill(0);
    buckets[2] = 94; // 94 runs under 1 s
    buckets[4] = 6; // 6 runs under 10 s
    // Rank 95 is the 1st of the 6 runs between 3 s and the longest, 9 s: a sixth of the way up.
    expect(percentileFromBuckets(buckets, 0.95, 9_000)).toBe(4_000);
    expect(percentileFromBuckets(buckets, 0.5, 9_000)).toBe(672);
    expect(percentileFromBuckets(Array(12).fill(0), 0.95, 0)).toBeNull();
  });

  it('never reports more than the longest run: one run of 106 ms has a p95 of 106 ms', () => {
    const one = Array(12).fill(0);
    one[durationBucket(106) - 1] = 1;
    expect(percentileFromBuckets(one, 0.95, 106)).toBe(106);
    // The open last bucket ("over an hour") ends at the longest run.
    const long = Array(12).fill(0);
    long[11] = 2;
    expect(percentileFromBuckets(long, 0.95, 5_400_000)).toBeLessThanOrEqual(5_400_000);
    expect(percentileFromBuckets(long, 0.95, 5_400_000)).toBeGreaterThanOrEqual(3_600_000);
  });
});

describe('result cap', () => {
  it('keeps small results and previews big ones', () => {
    expect(capResult({ a: 1 })).toEqual({ a: 1 });
    expect(capResult(undefined)).toBeNull();
    const big = capResult({ s: 'x'.repeat(100_000) }) as { truncated: boolean; preview: string };
    expect(big.truncated).toBe(true);
    expect(big.preview.length).toBe(16_384);
  });
});
