import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { daily, describeSchedule, nextFire, scheduleSchema, validateSchedule, weekly } from '../../../lib/schedules';

describe('daily and weekly builders', () => {
  it('builds a daily cron', () => {
    expect(daily({ time: '02:00', timezone: 'America/New_York' })).toEqual({
      kind: 'cron',
      expression: '0 2 * * *',
      timezone: 'America/New_York',
    });
    expect(daily({ time: '23:59', timezone: 'UTC' }).expression).toBe('59 23 * * *');
  });

  it('builds a weekly cron with the days in order, Sunday first, once each', () => {
    expect(weekly({ days: ['wed', 'mon'], time: '08:00', timezone: 'UTC' }).expression).toBe('0 8 * * 1,3');
    expect(weekly({ days: ['sat', 'sun', 'mon', 'sat'], time: '08:30', timezone: 'UTC' }).expression).toBe('30 8 * * 0,1,6');
  });

  it('produces schedules that validate and fire at the local time', () => {
    const schedule = weekly({ days: ['mon', 'wed'], time: '08:00', timezone: 'America/New_York' });
    expect(validateSchedule(schedule)).toEqual({ ok: true, schedule });
    // Monday 2026-03-09 is the first weekday after the switch to EDT (UTC-4).
    expect(nextFire(schedule, new Date('2026-03-07T00:00:00Z'))?.toISOString()).toBe('2026-03-09T12:00:00.000Z');
  });

  it('rejects a bad time', () => {
    for (const time of ['24:00', '12:60', '7:00', '07:00:00', '']) {
      expect(() => daily({ time, timezone: 'UTC' })).toThrow('time must be HH:MM, 00:00 to 23:59');
    }
    expect(() => weekly({ days: ['mon'], time: '25:00', timezone: 'UTC' })).toThrow('time must be HH:MM, 00:00 to 23:59');
  });

  it('rejects an empty list of days', () => {
    expect(() => weekly({ days: [], time: '08:00', timezone: 'UTC' })).toThrow('choose at least one weekday');
  });
});

describe('describeSchedule', () => {
  it('describes cron schedules in 24-hour time with the zone', () => {
    expect(describeSchedule(daily({ time: '02:00', timezone: 'America/New_York' }))).toBe('At 02:00 (America/New_York)');
    expect(describeSchedule(weekly({ days: ['mon', 'wed'], time: '18:30', timezone: 'Europe/London' }))).toBe(
      'At 18:30, only on Monday and Wednesday (Europe/London)',
    );
  });

  it('describes intervals in the largest whole unit', () => {
    expect(describeSchedule({ kind: 'interval', everySeconds: 21600 })).toBe('Every 6 hours');
    expect(describeSchedule({ kind: 'interval', everySeconds: 90 })).toBe('Every 90 seconds');
    expect(describeSchedule({ kind: 'interval', everySeconds: 120 })).toBe('Every 2 minutes');
    expect(describeSchedule({ kind: 'interval', everySeconds: 3600 })).toBe('Every hour');
    expect(describeSchedule({ kind: 'interval', everySeconds: 86400 })).toBe('Every day');
  });

  it('describes one-off and manual schedules', () => {
    expect(describeSchedule({ kind: 'once', at: '2026-03-08T07:00:00.000Z' })).toBe('Once at 2026-03-08T07:00:00Z');
    expect(describeSchedule({ kind: 'manual' })).toBe('Manual only');
  });
});

describe('scheduleSchema', () => {
  it('accepts the JSON shape of each kind and rejects an unknown kind', () => {
    expect(scheduleSchema.safeParse({ kind: 'cron', expression: '0 2 * * *', timezone: 'UTC' }).success).toBe(true);
    expect(scheduleSchema.safeParse({ kind: 'interval', everySeconds: 60 }).success).toBe(true);
    expect(scheduleSchema.safeParse({ kind: 'once', at: '2026-03-08T07:00:00Z' }).success).toBe(true);
    expect(scheduleSchema.safeParse({ kind: 'manual' }).success).toBe(true);
    expect(scheduleSchema.safeParse({ kind: 'hourly' }).success).toBe(false);
  });

  it('converts to JSON Schema with descriptions for the API docs', () => {
    const json = JSON.stringify(z.toJSONSchema(scheduleSchema));
    expect(json).toContain('When a task runs');
    expect(json).toContain('IANA time zone');
  });
});
