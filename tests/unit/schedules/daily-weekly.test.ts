import { describe, expect, it } from 'vitest';
import { planTick } from '../../../lib/engine/tick-plan';
import { describeSchedule, latestFiresBetween, nextFires, validateSchedule, withSaveDefaults, type Schedule } from '../../../lib/schedules';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (text: string) => new Date(text);
const errorsFor = (input: unknown, opts?: { minIntervalSeconds?: number }) => {
  const result = validateSchedule(input, opts);
  return result.ok ? [] : result.errors;
};
const NY = 'America/New_York';

describe('daily and weekly fire on the wall clock of their zone', () => {
  it('daily 02:30 in New York runs once at the end of the spring-forward gap (03:00 EDT)', () => {
    expect(iso(nextFires({ kind: 'daily', time: '02:30', timezone: NY }, at('2026-03-07T00:00:00Z'), 3))).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 02:30 does not exist: 03:00 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('daily 01:30 runs once on fall-back day, at the first 01:30', () => {
    expect(iso(nextFires({ kind: 'daily', time: '01:30', timezone: NY }, at('2026-10-31T00:00:00Z'), 3))).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST an hour later does not fire
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('weekly runs only on its days, across the switch to EDT', () => {
    const schedule: Schedule = { kind: 'weekly', days: ['mon', 'sun'], time: '02:30', timezone: NY };
    expect(iso(nextFires(schedule, at('2026-03-07T00:00:00Z'), 3))).toEqual([
      '2026-03-08T07:00:00.000Z', // Sunday, inside the gap
      '2026-03-09T06:30:00.000Z', // Monday
      '2026-03-15T06:30:00.000Z', // Sunday
    ]);
    expect(iso(nextFires({ kind: 'weekly', days: ['mon'], time: '08:00', timezone: 'UTC' }, at('2026-01-05T08:00:00Z'), 1))).toEqual(['2026-01-12T08:00:00.000Z']);
  });

  it('finds the latest fires in a range, as after an outage', () => {
    const found = latestFiresBetween({ kind: 'daily', time: '08:00', timezone: NY }, at('2026-03-06T00:00:00Z'), at('2026-03-10T12:00:00Z'), 2);
    expect({ fires: iso(found.fires), truncated: found.truncated }).toEqual({ fires: ['2026-03-09T12:00:00.000Z', '2026-03-10T12:00:00.000Z'], truncated: true });
  });

  it('plans a due daily slot and advances to the next day', () => {
    const schedule = { kind: 'daily', time: '08:00', timezone: NY };
    const plan = planTick([{ id: 't', schedule, policy: {}, nextRunAt: at('2026-03-09T12:00:00Z') }], at('2026-03-09T12:00:00.300Z'));
    expect(plan.slots.map((s) => s.scheduledFor.toISOString())).toEqual(['2026-03-09T12:00:00.000Z']);
    expect(plan.advance).toEqual([{ id: 't', at: at('2026-03-10T12:00:00Z') }]);
  });
});

describe('validateSchedule: daily and weekly', () => {
  it('keeps the shape given, with the days once each, Monday first', () => {
    expect(validateSchedule({ kind: 'daily', time: '08:00', timezone: NY })).toEqual({ ok: true, schedule: { kind: 'daily', time: '08:00', timezone: NY } });
    expect(validateSchedule({ kind: 'weekly', days: ['sun', 'mon', 'sun'], time: '23:59', timezone: 'UTC', extra: 1 })).toEqual({
      ok: true,
      schedule: { kind: 'weekly', days: ['mon', 'sun'], time: '23:59', timezone: 'UTC' },
    });
  });

  it('names each bad field', () => {
    expect(errorsFor({ kind: 'daily', time: '8:00', timezone: 'Mars/Base' })).toEqual([
      { field: 'time', message: 'must be HH:MM, 00:00 to 23:59' },
      { field: 'timezone', message: 'unknown time zone Mars/Base' },
    ]);
    expect(errorsFor({ kind: 'daily', time: '24:00' })).toEqual([
      { field: 'time', message: 'must be HH:MM, 00:00 to 23:59' },
      { field: 'timezone', message: 'must be an IANA time zone such as America/New_York' },
    ]);
    const days = [{ field: 'days', message: 'must be a list of weekdays, at least one of mon, tue, wed, thu, fri, sat, sun' }];
    for (const bad of [[], ['monday'], 'mon', undefined, [1]]) expect(errorsFor({ kind: 'weekly', days: bad, time: '08:00', timezone: 'UTC' })).toEqual(days);
  });

  it('holds them to the minimum interval too', () => {
    expect(errorsFor({ kind: 'weekly', days: ['mon', 'tue'], time: '08:00', timezone: 'UTC' }, { minIntervalSeconds: 2 * 86400 })).toEqual([
      { field: 'days', message: 'fires 86400 s apart, below the 172800 s minimum interval' },
    ]);
  });
});

describe('a once keeps the zone it was entered in', () => {
  it('stores and checks the optional zone', () => {
    expect(validateSchedule({ kind: 'once', at: '2026-12-24T18:00:00+01:00', timezone: 'Europe/Berlin' })).toEqual({
      ok: true,
      schedule: { kind: 'once', at: '2026-12-24T17:00:00.000Z', timezone: 'Europe/Berlin' },
    });
    expect(errorsFor({ kind: 'once', at: '2026-12-24T17:00:00Z', timezone: 'Mars/Base' })).toEqual([{ field: 'timezone', message: 'unknown time zone Mars/Base' }]);
  });
});

describe('describeSchedule', () => {
  it('describes daily, weekly and a zoned once on their own wall clock', () => {
    expect(describeSchedule({ kind: 'daily', time: '08:00', timezone: NY })).toBe('At 08:00 (America/New_York)');
    expect(describeSchedule({ kind: 'weekly', days: ['mon', 'wed'], time: '18:30', timezone: 'Europe/London' })).toBe('At 18:30, only on Monday and Wednesday (Europe/London)');
    expect(describeSchedule({ kind: 'once', at: '2026-12-24T17:00:00.000Z', timezone: 'Europe/Berlin' })).toBe('Once at 2026-12-24 18:00 (Europe/Berlin)');
  });
});

describe('withSaveDefaults', () => {
  it('anchors an interval without an anchor on the save instant, and leaves the rest alone', () => {
    const now = at('2026-01-01T09:00:44.123Z');
    expect(withSaveDefaults({ kind: 'interval', everySeconds: 3600 }, now)).toEqual({ kind: 'interval', everySeconds: 3600, anchor: '2026-01-01T09:00:44.123Z' });
    const anchored: Schedule = { kind: 'interval', everySeconds: 3600, anchor: '2026-01-01T00:00:00.000Z' };
    expect(withSaveDefaults(anchored, now)).toBe(anchored);
    expect(withSaveDefaults({ kind: 'daily', time: '08:00', timezone: 'UTC' }, now)).toEqual({ kind: 'daily', time: '08:00', timezone: 'UTC' });
  });
});
