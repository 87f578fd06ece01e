import { describe, expect, it } from 'vitest';
import { defaultDraft, draftFromSchedule, scheduleFromDraft, switchMode, type ScheduleDraft } from '../../../lib/task-form/schedule-draft';
import { instantToWallTime, nextWholeHour, wallTimeToInstant } from '../../../lib/task-form/zoned-time';

const limits = { minIntervalSeconds: 60, now: new Date('2026-01-01T00:00:00Z') };
const draft = (over: Partial<ScheduleDraft>): ScheduleDraft => ({ ...defaultDraft('Europe/Berlin', limits.now), ...over });

describe('schedule from the editor', () => {
  it('saves each mode as its own kind', () => {
    expect(scheduleFromDraft(draft({ mode: 'cron', expression: ' */2 * * * * * ' }), { ...limits, minIntervalSeconds: 2 })).toEqual({ schedule: { kind: 'cron', expression: '*/2 * * * * *', timezone: 'Europe/Berlin' } });
    expect(scheduleFromDraft(draft({ mode: 'daily', time: '07:30' }), limits)).toEqual({ schedule: { kind: 'daily', time: '07:30', timezone: 'Europe/Berlin' } });
    expect(scheduleFromDraft(draft({ mode: 'weekly', time: '08:00', days: ['wed', 'mon'] }), limits)).toEqual({ schedule: { kind: 'weekly', days: ['mon', 'wed'], time: '08:00', timezone: 'Europe/Berlin' } });
    expect(scheduleFromDraft(draft({ mode: 'once', at: '2026-12-24T18:00' }), limits)).toEqual({ schedule: { kind: 'once', at: '2026-12-24T17:00:00.000Z', timezone: 'Europe/Berlin' } });
    expect(scheduleFromDraft(draft({ mode: 'manual' }), limits)).toEqual({ schedule: { kind: 'manual' } });
  });

  it('sends an interval with its anchor, by default the next whole hour in the zone', () => {
    // 2026-01-01T00:00Z is 01:00 in Berlin: the next whole hour there is 02:00 (01:00Z).
    expect(draft({}).anchor).toBe('2026-01-01T02:00:00');
    expect(scheduleFromDraft(draft({ mode: 'interval', every: '6', unit: 'hours' }), limits)).toEqual({ schedule: { kind: 'interval', everySeconds: 21600, anchor: '2026-01-01T01:00:00.000Z' } });
    expect(scheduleFromDraft(draft({ mode: 'interval', anchor: '2026-07-01T09:00:30' }), limits)).toEqual({ schedule: { kind: 'interval', everySeconds: 3600, anchor: '2026-07-01T07:00:30.000Z' } });
  });

  it('reports problems on the input that caused them', () => {
    const errors = (d: Partial<ScheduleDraft>) => {
      const built = scheduleFromDraft(draft(d), limits);
      return 'errors' in built ? built.errors : [];
    };
    expect(errors({ mode: 'cron', expression: '61 * * * *' })).toEqual([{ field: 'schedule.expression', message: 'minute: 61 is out of range 0-59' }]);
    expect(errors({ mode: 'cron', timezone: 'Mars/Base', expression: '0 * * * *' })).toEqual([{ field: 'schedule.timezone', message: 'unknown time zone Mars/Base' }]);
    expect(errors({ mode: 'daily', time: '25:00' })).toEqual([{ field: 'schedule.time', message: 'must be HH:MM, 00:00 to 23:59' }]);
    expect(errors({ mode: 'weekly', days: [] })).toEqual([{ field: 'schedule.days', message: 'choose at least one day' }]);
    expect(errors({ mode: 'interval', every: '30', unit: 'seconds' })).toEqual([{ field: 'schedule.everySeconds', message: 'interval below the 60 s minimum' }]);
    expect(errors({ mode: 'interval', every: '1.5' })).toEqual([{ field: 'schedule.everySeconds', message: 'must be a whole number, 1 or more' }]);
    expect(errors({ mode: 'interval', anchor: '' })).toEqual([{ field: 'schedule.anchor', message: 'choose a date and time' }]);
    expect(errors({ mode: 'interval', timezone: 'Mars/Base' })).toEqual([{ field: 'schedule.timezone', message: 'unknown time zone Mars/Base' }]);
    expect(errors({ mode: 'once', at: '' })).toEqual([{ field: 'schedule.at', message: 'choose a date and time' }]);
    expect(errors({ mode: 'once', at: '2025-06-01T10:00' })).toEqual([{ field: 'schedule.at', message: 'must be in the future' }]);
  });
});

describe('editor from a stored schedule', () => {
  it('opens daily and weekly as themselves, and a cron as cron (saving it keeps the cron)', () => {
    expect(draftFromSchedule({ kind: 'daily', time: '08:00', timezone: 'America/New_York' }, 'UTC')).toMatchObject({ mode: 'daily', time: '08:00', timezone: 'America/New_York' });
    expect(draftFromSchedule({ kind: 'weekly', days: ['mon', 'fri'], time: '10:00', timezone: 'UTC' }, 'Asia/Tokyo')).toMatchObject({ mode: 'weekly', days: ['mon', 'fri'], time: '10:00', timezone: 'UTC' });
    const cron = draftFromSchedule({ kind: 'cron', expression: '0 2 * * *', timezone: 'America/New_York' }, 'UTC');
    expect(cron).toMatchObject({ mode: 'cron', expression: '0 2 * * *', timezone: 'America/New_York' });
    expect(scheduleFromDraft(cron, limits)).toEqual({ schedule: { kind: 'cron', expression: '0 2 * * *', timezone: 'America/New_York' } });
  });

  it('shows an interval in its largest whole unit and keeps its anchor to the millisecond', () => {
    const d = draftFromSchedule({ kind: 'interval', everySeconds: 7200, anchor: '2026-01-01T09:00:44.123Z' }, 'Europe/Berlin');
    expect(d).toMatchObject({ mode: 'interval', every: '2', unit: 'hours', anchor: '2026-01-01T10:00:44' });
    expect(scheduleFromDraft(d, limits)).toEqual({ schedule: { kind: 'interval', everySeconds: 7200, anchor: '2026-01-01T09:00:44.123Z' } });
    expect(scheduleFromDraft({ ...d, anchor: '2026-01-01T10:00:00' }, limits)).toEqual({ schedule: { kind: 'interval', everySeconds: 7200, anchor: '2026-01-01T09:00:00.000Z' } });
    // Saved without an anchor, an interval keeps to the epoch's grid; the form says so and keeps it.
    const bare = draftFromSchedule({ kind: 'interval', everySeconds: 90 }, 'UTC');
    expect(bare).toMatchObject({ every: '90', unit: 'seconds', anchor: '1970-01-01T00:00:00' });
    expect(scheduleFromDraft(bare, limits)).toEqual({ schedule: { kind: 'interval', everySeconds: 90, anchor: '1970-01-01T00:00:00.000Z' } });
  });

  it('reopens a once in the zone it was entered in, and round-trips manual', () => {
    const once = draftFromSchedule({ kind: 'once', at: '2026-12-24T17:00:00.000Z', timezone: 'Europe/Berlin' }, 'America/New_York');
    expect(once).toMatchObject({ mode: 'once', at: '2026-12-24T18:00', timezone: 'Europe/Berlin' });
    expect(scheduleFromDraft(once, limits)).toEqual({ schedule: { kind: 'once', at: '2026-12-24T17:00:00.000Z', timezone: 'Europe/Berlin' } });
    expect(draftFromSchedule({ kind: 'once', at: '2026-12-24T17:00:00.000Z' }, 'America/New_York')).toMatchObject({ at: '2026-12-24T12:00', timezone: 'America/New_York' });
    expect(draftFromSchedule({ kind: 'manual' }, 'UTC').mode).toBe('manual');
  });

  it('carries daily and weekly into cron, and a simple cron back', () => {
    expect(switchMode(draft({ mode: 'weekly', days: ['fri'], time: '17:45' }), 'cron')).toMatchObject({ mode: 'cron', expression: '45 17 * * 5' });
    expect(switchMode(draft({ mode: 'daily', time: '25:00', expression: '0 1 * * *' }), 'cron')).toMatchObject({ mode: 'cron', expression: '0 1 * * *' });
    expect(switchMode(draft({ mode: 'cron', expression: '15 6 * * *' }), 'daily')).toMatchObject({ mode: 'daily', time: '06:15' });
    expect(switchMode(draft({ mode: 'cron', expression: '30 8 * * 1,3,7' }), 'weekly')).toMatchObject({ mode: 'weekly', time: '08:30', days: ['mon', 'wed', 'sun'] });
    expect(switchMode(draft({ mode: 'cron', expression: '*/5 * * * *', time: '02:00' }), 'daily')).toMatchObject({ mode: 'daily', time: '02:00' });
  });
});

describe('wall times in a zone', () => {
  it('reads a wall time in the zone, through DST', () => {
    expect(wallTimeToInstant('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(wallTimeToInstant('2026-07-01T12:00:07', 'Europe/Berlin')).toBe('2026-07-01T10:00:07.000Z');
    expect(wallTimeToInstant('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(wallTimeToInstant('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(wallTimeToInstant('2026-02-30T01:00', 'UTC')).toBeNull();
    expect(wallTimeToInstant('2026-01-01T01:00', 'Mars/Base')).toBeNull();
    expect(instantToWallTime('2026-11-01T06:30:00Z', 'America/New_York')).toBe('2026-11-01T01:30');
    expect(instantToWallTime('2026-11-01T06:30:09Z', 'America/New_York', { seconds: true })).toBe('2026-11-01T01:30:09');
  });

  it('finds the next whole hour on the zone clock, across midnight and in a half-hour zone', () => {
    expect(nextWholeHour(new Date('2026-03-31T23:59:59Z'), 'UTC')).toBe('2026-04-01T00:00:00');
    expect(nextWholeHour(new Date('2026-01-01T00:00:00Z'), 'America/New_York')).toBe('2025-12-31T20:00:00');
    expect(nextWholeHour(new Date('2026-01-01T00:10:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T06:00:00');
  });
});
