import { describe, expect, it } from 'vitest';
import { latestFiresBetween, nextFire, nextFires, type CronSchedule } from '../../../lib/schedules';

const cron = (expression: string, timezone: string): CronSchedule => ({ kind: 'cron', expression, timezone });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (text: string) => new Date(text);

/** Fires in [start, end), looked up forwards and backwards; both must agree. */
function firesDuring(schedule: CronSchedule, start: string, end: string): string[] {
  const forward = nextFires(schedule, new Date(at(start).getTime() - 1), 20).filter((d) => d < at(end));
  const backward = latestFiresBetween(schedule, at(start), new Date(at(end).getTime() - 1), 20).fires;
  expect(iso(backward)).toEqual(iso(forward));
  return iso(forward);
}

describe('cron fires across daylight-saving changes', () => {
  // Each local day is given as its UTC bounds, worked out from the offsets either side of the change.
  const days = [
    { what: 'New York spring forward: 02:30 does not exist, runs at 03:00 EDT', zone: 'America/New_York', expression: '30 2 * * *', start: '2026-03-08T05:00:00Z', end: '2026-03-09T04:00:00Z', fire: '2026-03-08T07:00:00.000Z' },
    { what: 'New York fall back: 01:30 happens twice, runs at the first (EDT)', zone: 'America/New_York', expression: '30 1 * * *', start: '2026-11-01T04:00:00Z', end: '2026-11-02T05:00:00Z', fire: '2026-11-01T05:30:00.000Z' },
    { what: 'London spring forward: 01:30 does not exist, runs at 02:00 BST', zone: 'Europe/London', expression: '30 1 * * *', start: '2026-03-29T00:00:00Z', end: '2026-03-29T23:00:00Z', fire: '2026-03-29T01:00:00.000Z' },
    { what: 'London fall back: 01:30 happens twice, runs at the first (BST)', zone: 'Europe/London', expression: '30 1 * * *', start: '2026-10-24T23:00:00Z', end: '2026-10-26T00:00:00Z', fire: '2026-10-25T00:30:00.000Z' },
    { what: 'Sydney spring forward: 02:30 does not exist, runs at 03:00 AEDT', zone: 'Australia/Sydney', expression: '30 2 * * *', start: '2026-10-03T14:00:00Z', end: '2026-10-04T13:00:00Z', fire: '2026-10-03T16:00:00.000Z' },
    { what: 'Sydney fall back: 02:30 happens twice, runs at the first (AEDT)', zone: 'Australia/Sydney', expression: '30 2 * * *', start: '2026-04-04T13:00:00Z', end: '2026-04-05T14:00:00Z', fire: '2026-04-04T15:30:00.000Z' },
  ];

  it.each(days)('$what', ({ zone, expression, start, end, fire }) => {
    expect(firesDuring(cron(expression, zone), start, end)).toEqual([fire]);
  });

  it('goes back to the usual wall time the day after spring forward', () => {
    const schedule = cron('30 2 * * *', 'America/New_York');
    expect(nextFire(schedule, at('2026-03-08T07:00:00Z'))?.toISOString()).toBe('2026-03-09T06:30:00.000Z');
  });

  it('keeps 30 minutes of real time between runs through the repeated hour', () => {
    const schedule = cron('*/30 * * * *', 'America/New_York');
    expect(iso(nextFires(schedule, at('2026-11-01T05:00:00Z'), 4))).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });
});

describe('cron field semantics', () => {
  it('fires when either day-of-month or day-of-week matches', () => {
    const schedule = cron('0 0 1 * 1', 'UTC');
    expect(iso(nextFires(schedule, at('2026-06-30T12:00:00Z'), 3))).toEqual([
      '2026-07-01T00:00:00.000Z', // Wednesday the 1st
      '2026-07-06T00:00:00.000Z', // Monday
      '2026-07-13T00:00:00.000Z', // Monday
    ]);
  });

  it('reads six fields as seconds first', () => {
    const fires = nextFires(cron('*/15 * * * * *', 'UTC'), at('2026-06-30T12:00:00Z'), 4);
    expect(iso(fires)).toEqual([
      '2026-06-30T12:00:15.000Z',
      '2026-06-30T12:00:30.000Z',
      '2026-06-30T12:00:45.000Z',
      '2026-06-30T12:01:00.000Z',
    ]);
  });

  it('never returns a fire at the `after` instant itself', () => {
    expect(nextFire(cron('0 * * * *', 'UTC'), at('2026-01-01T01:00:00Z'))?.toISOString()).toBe('2026-01-01T02:00:00.000Z');
  });

  it('reads the expression in the schedule time zone', () => {
    // 09:00 in Tokyo (UTC+9, no DST) is midnight UTC.
    expect(nextFire(cron('0 9 * * *', 'Asia/Tokyo'), at('2025-12-31T12:00:00Z'))?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
