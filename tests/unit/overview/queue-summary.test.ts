import { describe, expect, it } from 'vitest';
import { formatAge, queueSummary, SLOW_QUEUE_SECONDS } from '../../../components/overview/queue-summary';

describe('the Queue card summary', () => {
  it('says there is no backlog when nothing is runnable, even with deferred runs', () => {
    expect(queueSummary({ depth: 0, waiting: 0, oldestAgeSeconds: null })).toEqual({ text: 'No backlog', slow: false });
    expect(queueSummary({ depth: 0, waiting: 7, oldestAgeSeconds: null })).toEqual({ text: 'No backlog', slow: false });
  });

  it('counts the runs waiting for a worker and names the oldest wait', () => {
    expect(queueSummary({ depth: 12, waiting: 3, oldestAgeSeconds: 4 }).text).toBe('12 runs waiting for a worker, oldest 4 s');
    expect(queueSummary({ depth: 1, waiting: 0, oldestAgeSeconds: 0 }).text).toBe('1 run waiting for a worker, oldest 0 s');
    expect(queueSummary({ depth: 100_000, waiting: 0, oldestAgeSeconds: 7260 }).text).toBe('100,000 runs waiting for a worker, oldest 2 h 1 min');
  });

  it('turns amber once the oldest runnable run has waited longer than 30 s', () => {
    expect(SLOW_QUEUE_SECONDS).toBe(30);
    expect(queueSummary({ depth: 5, waiting: 0, oldestAgeSeconds: 30 }).slow).toBe(false);
    expect(queueSummary({ depth: 5, waiting: 0, oldestAgeSeconds: 31 }).slow).toBe(true);
  });

  it('writes ages in seconds under a minute, then minutes and hours', () => {
    expect(formatAge(59)).toBe('59 s');
    expect(formatAge(245)).toBe('4 min 5 s');
    expect(formatAge(3 * 3600 + 120)).toBe('3 h 2 min');
  });
});
