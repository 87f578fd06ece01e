import { describe, expect, it } from 'vitest';
import { defaultDraft, draftFromSchedule, scheduleFromDraft, switchMode, type ScheduleDraft } from '../../../lib/task-form/schedule-draft';
import { instantToWallTime, wallTimeToInstant } from '../../../lib/task-form/zoned-time';

const limits = { minIntervalSeconds: 60, now: new Date('2026-01-01T00:00:00Z') };
const draft = (over: Partial<ScheduleDraft>): ScheduleDraft => ({ ...defaultDraft('Europe/Berlin'), ...over });

describe('schedule from the editor', () => {
  it('builds each mode', () => {
    expect(scheduleFromDraft(draft({ mode: 'cron', expression: ' */2 * * * * * ' }), { ...limits, minIntervalSeconds: 2 })).toEqual({ schedule: { kind: 'cron', expression: '*/2 * * * * *', timezone: 'Europe/Berlin' } });
    expect(scheduleFromDraft(draft({ mode: 'daily', time: '07:30' }), limits)).toEqual({ schedule: { kind: 'cron', expression: '30 7 * * *', timezone: 'Europe/Berlin' } });
    expect(scheduleFromDraft(draft({ mode: 'weekly', time: '08:00', days: ['wed', 'mon'] }), limits)).toEqual({ schedule: { kind: 'cron', expression: '0 8 * * 1,3', timezone: 'Europe/Berlin' } });
    expect(scheduleFromDraft(draft({ mode: 'interval', every: '6', unit: 'hours' }), limits)).toEqual({ schedule: { kind: 'interval', everySeconds: 21600 } });
    expect(scheduleFromDraft(draft({ mode: 'once', at: '2026-12-24T18:00' }), limits)).toEqual({ schedule: { kind: 'once', at: '2026-12-24T17:00:00.000Z' } });
    expect(scheduleFromDraft(draft({ mode: 'manual' }), limits)).toEqual({ schedule: { kind: 'manual' } });
  });

  it('reports problems on the input that caused them', () => {
    const errors = (d: Partial<ScheduleDraft>) => {
      const built = scheduleFromDraft(draft(d), limits);
      return 'errors' in built ? built.errors : [];
    };
    expect(errors({ mode: 'cron', expression: '61 * * * *' })).toEqual([{ field: 'schedule.expression', message: 'minute: 61 is out of range 0-59' }]);
    expect(errors({ mode: 'cron', timezone: 'Mars/Base', expression: '0 * * * *' })).toEqual([{ field: 'schedule.timezone', message: 'unknown time zone Mars/Base' }]);
    expect(errors({ mode: 'daily', time: '25:00' })).toEqual([{ field: 'schedule.time', message: 'time must be HH:MM, 00:00 to 23:59' }]);
    expect(errors({ mode: 'weekly', days: [] })).toEqual([{ field: 'schedule.days', message: 'choose at least one day' }]);
    expect(errors({ mode: 'interval', every: '30', unit: 'seconds' })).toEqual([{ field: 'schedule.everySeconds', message: 'interval below the 60 s minimum' }]);
    expect(errors({ mode: 'interval', every: '1.5' })).toEqual([{ field: 'schedule.everySeconds', message: 'must be a whole number, 1 or more' }]);
    expect(errors({ mode: 'once', at: '' })).toEqual([{ field: 'schedule.at', message: 'choose a date and time' }]);
    expect(errors({ mode: 'once', at: '2025-06-01T10:00' })).toEqual([{ field: 'schedule.at', message: 'must be in the future' }]);
  });
});

describe('editor from a stored schedule', () => {
  it('shows a simple cron as daily or weekly, anything else as cron', () => {
    expect(draftFromSchedule({ kind: 'cron', expression: '0 2 * * *', timezone: 'America/New_York' }, 'UTC')).toMatchObject({ mode: 'daily', time: '02:00', timezone: 'America/New_York' });
    expect(draftFromSchedule({ kind: 'cron', expression: '30 8 * * 1,3,7', timezone: 'UTC' }, 'UTC')).toMatchObject({ mode: 'weekly', time: '08:30', days: ['mon', 'wed', 'sun'] });
    expect(draftFromSchedule({ kind: 'cron', expression: '*/2 * * * * *', timezone: 'Europe/Berlin' }, 'UTC')).toMatchObject({ mode: 'cron', expression: '*/2 * * * * *', timezone: 'Europe/Berlin' });
    expect(draftFromSchedule({ kind: 'cron', expression: '0 2 1 * *', timezone: 'UTC' }, 'UTC')).toMatchObject({ mode: 'cron' });
  });

  it('shows an interval in its largest whole unit and keeps its anchor', () => {
    const d = draftFromSchedule({ kind: 'interval', everySeconds: 7200, anchor: '2026-01-01T00:00:00.000Z' }, 'UTC');
    expect(d).toMatchObject({ mode: 'interval', every: '2', unit: 'hours' });
    expect(scheduleFromDraft(d, limits)).toEqual({ schedule: { kind: 'interval', everySeconds: 7200, anchor: '2026-01-01T00:00:00.000Z' } });
    expect(draftFromSchedule({ kind: 'interval', everySeconds: 90 }, 'UTC')).toMatchObject({ every: '90', unit: 'seconds' });
  });

  it('round-trips once and manual', () => {
    const once = draftFromSchedule({ kind: 'once', at: '2026-12-24T17:00:00.000Z' }, 'Europe/Berlin');
    expect(once).toMatchObject({ mode: 'once', at: '2026-12-24T18:00', timezone: 'Europe/Berlin' });
    expect(scheduleFromDraft(once, limits)).toEqual({ schedule: { kind: 'once', at: '2026-12-24T17:00:00.000Z' } });
    expect(draftFromSchedule({ kind: 'manual' }, 'UTC').mode).toBe('manual');
  });

  it('carries daily and weekly into cron, and a simple cron back', () => {
    expect(switchMode(draft({ mode: 'weekly', days: ['fri'], time: '17:45' }), 'cron')).toMatchObject({ mode: 'cron', expression: '45 17 * * 5' });
    expect(switchMode(draft({ mode: 'cron', expression: '15 6 * * *' }), 'daily')).toMatchObject({ mode: 'daily', time: '06:15' });
    expect(switchMode(draft({ mode: 'cron', expression: '*/5 * * * *', time: '02:00' }), 'daily')).toMatchObject({ mode: 'daily', time: '02:00' });
  });
});

describe('wall times in a zone', () => {
  it('reads a wall time in the zone, through DST', () => {
    expect(wallTimeToInstant('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(wallTimeToInstant('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(wallTimeToInstant('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(wallTimeToInstant('2026-02-30T01:00', 'UTC')).toBeNull();
    expect(wallTimeToInstant('2026-01-01T01:00', 'Mars/Base')).toBeNull();
    expect(instantToWallTime('2026-11-01T06:30:00Z', 'America/New_York')).toBe('2026-11-01T01:30');
  });
});
