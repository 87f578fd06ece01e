import { describe, expect, it } from 'vitest';
import { latestFiresBetween, type Schedule } from '../../../lib/schedules';

const at = (text: string) => new Date(text);
const latest = (schedule: Schedule, from: string, to: string, limit: number) => {
  const { fires, truncated } = latestFiresBetween(schedule, at(from), at(to), limit);
  return { fires: fires.map((d) => d.toISOString()), truncated };
};
const everySecond: Schedule = { kind: 'cron', expression: '* * * * * *', timezone: 'UTC' };
const hourly: Schedule = { kind: 'cron', expression: '0 * * * *', timezone: 'UTC' };

describe('latestFiresBetween', () => {
  it('keeps only the latest fires and says older ones were left out', () => {
    expect(latest(everySecond, '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', 5)).toEqual({
      fires: [
        '2026-01-01T00:59:56.000Z',
        '2026-01-01T00:59:57.000Z',
        '2026-01-01T00:59:58.000Z',
        '2026-01-01T00:59:59.000Z',
        '2026-01-01T01:00:00.000Z',
      ],
      truncated: true,
    });
  });

  it('returns every fire when they fit under the limit', () => {
    expect(latest(hourly, '2026-01-01T00:30:00Z', '2026-01-01T03:30:00Z', 10)).toEqual({
      fires: ['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z', '2026-01-01T03:00:00.000Z'],
      truncated: false,
    });
  });

  it('is not truncated when the fires exactly fill the limit', () => {
    expect(latest(hourly, '2026-01-01T00:30:00Z', '2026-01-01T03:30:00Z', 3).truncated).toBe(false);
  });

  it('includes a fire exactly at `to`', () => {
    expect(latest(hourly, '2026-01-01T00:30:00Z', '2026-01-01T03:00:00Z', 10).fires.at(-1)).toBe('2026-01-01T03:00:00.000Z');
  });

  it('includes a fire exactly at `from`', () => {
    expect(latest(hourly, '2026-01-01T01:00:00Z', '2026-01-01T03:30:00Z', 10).fires[0]).toBe('2026-01-01T01:00:00.000Z');
  });

  it('answers quickly for a range of many years', () => {
    const everyMinute: Schedule = { kind: 'cron', expression: '* * * * *', timezone: 'UTC' };
    expect(latest(everyMinute, '2000-01-01T00:00:00Z', '2026-01-01T00:00:30Z', 2)).toEqual({
      fires: ['2025-12-31T23:59:00.000Z', '2026-01-01T00:00:00.000Z'],
      truncated: true,
    });
  });

  it('shows both real-time half hours of the repeated hour in New York', () => {
    const halfHourly: Schedule = { kind: 'cron', expression: '*/30 * * * *', timezone: 'America/New_York' };
    expect(latest(halfHourly, '2026-11-01T05:00:00Z', '2026-11-01T07:00:00Z', 10).fires).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });

  it('walks an interval grid from the end of the range', () => {
    const schedule: Schedule = { kind: 'interval', everySeconds: 3600, anchor: '2026-01-01T00:00:00.000Z' };
    expect(latest(schedule, '2020-01-01T00:00:00Z', '2026-01-01T10:00:00Z', 3)).toEqual({
      fires: ['2026-01-01T08:00:00.000Z', '2026-01-01T09:00:00.000Z', '2026-01-01T10:00:00.000Z'],
      truncated: true,
    });
    expect(latest(schedule, '2026-01-01T08:00:00Z', '2026-01-01T09:30:00Z', 5)).toEqual({
      fires: ['2026-01-01T08:00:00.000Z', '2026-01-01T09:00:00.000Z'],
      truncated: false,
    });
  });

  it('finds a one-off run only inside the range, and never a manual one', () => {
    const once: Schedule = { kind: 'once', at: '2026-03-08T07:00:00.000Z' };
    expect(latest(once, '2026-03-01T00:00:00Z', '2026-03-08T07:00:00Z', 5).fires).toEqual(['2026-03-08T07:00:00.000Z']);
    expect(latest(once, '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z', 5).fires).toEqual([]);
    expect(latest({ kind: 'manual' }, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 5)).toEqual({ fires: [], truncated: false });
  });
});
