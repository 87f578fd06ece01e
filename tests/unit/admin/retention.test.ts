import { describe, expect, it } from 'vitest';
import { readRetention, retentionCutoffs, retentionPatch } from '../../../lib/settings/retention';

describe('retention settings', () => {
  it('falls back to the defaults for missing or unreadable rows', () => {
    expect(readRetention([])).toEqual({ runsDays: 90, logsDays: 14 });
    expect(readRetention([{ key: 'retention.runs_days', value: 30 }, { key: 'retention.logs_days', value: 'x' }])).toEqual({ runsDays: 30, logsDays: 14 });
    expect(readRetention([{ key: 'retention.logs_days', value: 0 }, { key: 'other', value: 5 }])).toEqual({ runsDays: 90, logsDays: 14 });
  });

  it('accepts whole days from 1 to 3650 only', () => {
    expect(retentionPatch.safeParse({ runsDays: 1, logsDays: 3650 }).success).toBe(true);
    for (const bad of [{ runsDays: 0 }, { logsDays: 3651 }, { runsDays: 2.5 }, { runsDays: '7' }, { days: 7 }]) expect(retentionPatch.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('cuts logs at the shorter of the two, so logs never outlive their runs', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(retentionCutoffs(now, { runsDays: 90, logsDays: 14 })).toEqual({ runsBefore: new Date('2025-12-01T00:00:00Z'), logsBefore: new Date('2026-02-15T00:00:00Z') });
    expect(retentionCutoffs(now, { runsDays: 10, logsDays: 30 }).logsBefore).toEqual(new Date('2026-02-19T00:00:00Z'));
  });
});
