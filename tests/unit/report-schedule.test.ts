import { describe, expect, it } from 'vitest';
import { readWeeklySchedule } from '../../lib/report/schedule';
import { weekly } from '../../lib/schedules/builders';

describe('the weekly report form reads its task schedule', () => {
  it('round-trips what the form writes', () => {
    for (const [day, time] of [['mon', '08:00'], ['sun', '23:59'], ['fri', '00:05']] as const) {
      expect(readWeeklySchedule(weekly({ days: [day], time, timezone: 'Europe/Berlin' }))).toEqual({ day, time, timezone: 'Europe/Berlin' });
    }
  });
  it('says null for a schedule someone changed to another shape', () => {
    expect(readWeeklySchedule({ kind: 'cron', expression: '0 8 * * 1-5', timezone: 'UTC' })).toBeNull();
    expect(readWeeklySchedule({ kind: 'interval', seconds: 3600 })).toBeNull();
    expect(readWeeklySchedule({ kind: 'cron', expression: '0 8 * * 7', timezone: 'UTC' })).toEqual({ day: 'sun', time: '08:00', timezone: 'UTC' });
  });
  it('reads a one-day weekly schedule set through the API', () => {
    expect(readWeeklySchedule({ kind: 'weekly', days: ['tue'], time: '09:15', timezone: 'UTC' })).toEqual({ day: 'tue', time: '09:15', timezone: 'UTC' });
    expect(readWeeklySchedule({ kind: 'weekly', days: ['tue', 'wed'], time: '09:15', timezone: 'UTC' })).toBeNull();
  });
});
