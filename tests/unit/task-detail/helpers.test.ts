import { describe, expect, it } from 'vitest';
import { fileSlug } from '../../../lib/api/v1/run-export';
import { scheduleZone } from '../../../components/task-detail/types';

describe('fileSlug', () => {
  it('makes a task name safe for a download file name', () => {
    expect(fileSlug('Nightly, "big" import')).toBe('nightly-big-import');
    expect(fileSlug('../../etc/passwd')).toBe('etc-passwd');
    expect(fileSlug('日本語')).toBe('task');
    expect(fileSlug('x'.repeat(100))).toHaveLength(60);
  });
});

describe('scheduleZone', () => {
  it("is a cron schedule's zone, and none for the other kinds", () => {
    expect(scheduleZone({ kind: 'cron', expression: '* * * * *', timezone: 'Europe/Berlin' })).toBe('Europe/Berlin');
    expect(scheduleZone({ kind: 'interval', everySeconds: 60 })).toBeUndefined();
    expect(scheduleZone(null)).toBeUndefined();
  });
});
