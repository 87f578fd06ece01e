import { describe, expect, it } from 'vitest';
import { formatDuration, formatInZone, formatRate, relativeTime } from '../../../lib/format/time';
import { count } from '../../../lib/format/count';

describe('formatInZone', () => {
  it('shows the wall time in the zone and names the zone', () => {
    expect(formatInZone('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-01 14:00:00 Europe/Berlin');
    expect(formatInZone('2026-12-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-12-01 13:00:00 Europe/Berlin');
    expect(formatInZone(new Date('2026-03-08T07:30:00Z'), 'America/New_York')).toBe('2026-03-08 03:30:00 America/New_York');
    expect(formatInZone('2026-01-01T00:00:05Z', 'UTC')).toBe('2026-01-01 00:00:05 UTC');
  });

  it('writes midnight as 00, not 24', () => {
    expect(formatInZone('2026-05-05T22:00:00Z', 'Europe/Berlin')).toBe('2026-05-06 00:00:00 Europe/Berlin');
  });
});

describe('relativeTime', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('counts down to the future and up from the past', () => {
    expect(relativeTime('2026-11-25T12:03:10Z', now)).toBe('in 3 min');
    expect(relativeTime('2026-11-25T11:59:48Z', now)).toBe('12 s ago');
    expect(relativeTime('2026-11-25T14:00:00Z', now)).toBe('in 2 h');
    expect(relativeTime('2026-11-22T12:00:00Z', now)).toBe('3 d ago');
    expect(relativeTime('2026-11-25T12:00:00.400Z', now)).toBe('now');
  });
  it('never rounds a countdown up', () => {
    expect(relativeTime('2026-11-25T12:00:59.900Z', now)).toBe('in 59 s');
    expect(relativeTime('2026-11-25T12:01:59Z', now)).toBe('in 1 min');
  });
});

describe('formatDuration and formatRate', () => {
  it('picks a readable unit', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 5 s');
    expect(formatDuration(7_380_000)).toBe('2 h 3 min');
    expect(formatDuration(null)).toBe('—');
  });
  it('never shows 100% while anything failed', () => {
    expect(formatRate(0.9999)).toBe('99.9%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(null)).toBe('—');
  });
});

describe('count', () => {
  it('pairs a number with its noun, singular only for exactly one', () => {
    expect([0, 1, 2].map((n) => count(n, 'run'))).toEqual(['0 runs', '1 run', '2 runs']);
  });
});
