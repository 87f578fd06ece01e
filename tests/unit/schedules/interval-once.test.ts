import { describe, expect, it } from 'vitest';
import { nextFire, nextFires, type IntervalSchedule, type Schedule } from '../../../lib/schedules';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (text: string) => new Date(text);
const hourly: IntervalSchedule = { kind: 'interval', everySeconds: 3600, anchor: '2026-01-01T00:00:00.000Z' };

describe('interval schedules', () => {
  it('fires on the anchor grid', () => {
    expect(iso(nextFires(hourly, at('2026-01-01T00:30:00Z'), 3))).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T02:00:00.000Z',
      '2026-01-01T03:00:00.000Z',
    ]);
  });

  it('does not drift after months of periods', () => {
    expect(nextFire(hourly, at('2026-06-01T00:00:00.500Z'))?.toISOString()).toBe('2026-06-01T01:00:00.000Z');
  });

  it('puts fires before the anchor on the same grid', () => {
    const schedule: IntervalSchedule = { kind: 'interval', everySeconds: 3600, anchor: '2026-01-01T00:20:00.000Z' };
    expect(iso(nextFires(schedule, at('2025-12-31T21:00:00Z'), 2))).toEqual([
      '2025-12-31T21:20:00.000Z',
      '2025-12-31T22:20:00.000Z',
    ]);
  });

  it('fires strictly after `after` when it lands on the grid', () => {
    expect(nextFire(hourly, at('2026-01-01T05:00:00Z'))?.toISOString()).toBe('2026-01-01T06:00:00.000Z');
  });

  it('uses the Unix epoch (a Thursday midnight UTC) when there is no anchor', () => {
    const weekly: IntervalSchedule = { kind: 'interval', everySeconds: 7 * 86400 };
    expect(iso(nextFires(weekly, at('2026-01-02T00:00:00Z'), 2))).toEqual([
      '2026-01-08T00:00:00.000Z',
      '2026-01-15T00:00:00.000Z',
    ]);
  });
});

describe('once and manual schedules', () => {
  const once: Schedule = { kind: 'once', at: '2026-03-08T07:00:00.000Z' };

  it('fires once when the time is still ahead', () => {
    expect(iso(nextFires(once, at('2026-03-01T00:00:00Z'), 5))).toEqual(['2026-03-08T07:00:00.000Z']);
  });

  it('has nothing left once the time has come or gone', () => {
    expect(nextFires(once, at('2026-03-08T07:00:00Z'), 5)).toEqual([]);
    expect(nextFire(once, at('2026-04-01T00:00:00Z'))).toBeNull();
  });

  it('never fires a manual schedule', () => {
    expect(nextFires({ kind: 'manual' }, at('2026-01-01T00:00:00Z'), 5)).toEqual([]);
    expect(nextFire({ kind: 'manual' }, at('2026-01-01T00:00:00Z'))).toBeNull();
  });

  it('returns nothing when asked for no fires', () => {
    expect(nextFires(hourly, at('2026-01-01T00:00:00Z'), 0)).toEqual([]);
  });
});
