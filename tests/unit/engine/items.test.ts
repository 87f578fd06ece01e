import { describe, expect, it } from 'vitest';
import { isPartial, itemCounts } from '../../../db/queries/engine/items';
import { capResult } from '../../../lib/engine/result';

describe('item reports', () => {
  it('reads the counts of a batch result, a command result file or an app finish, and of an http JSON answer', () => {
    expect(itemCounts({ total: 40, succeeded: 37, failed: 3, skipped: 0, failures: [] })).toEqual({ total: 40, succeeded: 37, failed: 3, skipped: 0 });
    expect(itemCounts({ status: 200, ok: true, body: { total: 5, succeeded: 4, failed: 1 } })).toEqual({ total: 5, succeeded: 4, failed: 1 });
  });

  it('needs whole, non-negative numbers for total, succeeded and failed', () => {
    for (const result of [null, 'text', [1, 2], { total: 3, succeeded: 3 }, { total: '3', succeeded: 2, failed: 1 }, { total: 3, succeeded: 2, failed: 0.5 }, { total: 3, succeeded: 2, failed: -1 }, { body: 'total: 3' }]) {
      expect(itemCounts(result)).toBeNull();
    }
  });

  it('a run is partial only when it succeeded and some items failed', () => {
    const some = { total: 3, succeeded: 2, failed: 1 };
    expect(isPartial('succeeded', some)).toBe(true);
    expect(isPartial('succeeded', { status: 200, body: some })).toBe(true);
    expect(isPartial('succeeded', { ...some, succeeded: 3, failed: 0 })).toBe(false);
    expect(isPartial('failed', some)).toBe(false);
    expect(isPartial('succeeded', { imported: 3 })).toBe(false);
    expect(isPartial('succeeded', null)).toBe(false);
  });

  it('a result cut to a preview keeps its item counts, so the run stays partial', () => {
    const failures = Array.from({ length: 100 }, (_, i) => ({ item: { account: i, blob: 'x'.repeat(1000) }, error: 'refused' }));
    const capped = capResult({ total: 500, succeeded: 400, failed: 100, skipped: 0, failures });
    expect(capped).toMatchObject({ truncated: true, total: 500, succeeded: 400, failed: 100, skipped: 0 });
    expect(isPartial('succeeded', capped)).toBe(true);
  });
});
