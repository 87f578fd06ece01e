import { describe, expect, it } from 'vitest';
import { endOfMinute, fromLocalInput, readAuditFilters, toLocalInput } from '../../../lib/admin/audit-filters';
import { fieldErrors, formError } from '../../../lib/admin/field-errors';
import { jsonDiff, showValue } from '../../../lib/admin/json-diff';
import { parseRetentionForm } from '../../../lib/admin/retention-form';
import { ApiError } from '../../../lib/client/api';

describe('jsonDiff', () => {
  it('lists changed, added and removed leaves by path; arrays compare whole', () => {
    const before = { name: 'a', enabled: true, tags: ['x'], schedule: { kind: 'cron', expression: '0 * * * *' }, gone: 1 };
    const after = { name: 'a', enabled: false, tags: ['x', 'y'], schedule: { kind: 'cron', expression: '*/5 * * * *' }, added: null };
    expect(jsonDiff(before, after)).toEqual([
      { path: 'added', kind: 'added', after: null },
      { path: 'enabled', kind: 'changed', before: true, after: false },
      { path: 'gone', kind: 'removed', before: 1 },
      { path: 'schedule.expression', kind: 'changed', before: '0 * * * *', after: '*/5 * * * *' },
      { path: 'tags', kind: 'changed', before: ['x'], after: ['x', 'y'] },
    ]);
  });

  it('treats a create as all added, a delete as all removed, and equal values as no change', () => {
    expect(jsonDiff(null, { a: 1 })).toEqual([{ path: 'a', kind: 'added', after: 1 }]);
    expect(jsonDiff({ a: { b: 2 } }, null)).toEqual([{ path: 'a', kind: 'removed', before: { b: 2 } }]);
    expect(jsonDiff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(jsonDiff(1, 2)).toEqual([{ path: '', kind: 'changed', before: 1, after: 2 }]);
  });

  it('shows values as JSON so types stay visible', () => {
    expect([showValue('5'), showValue(5), showValue(undefined), showValue(null)]).toEqual(['"5"', '5', '—', 'null']);
  });
});

describe('audit filters', () => {
  it('reads trimmed, non-empty filters from the query string and ignores the rest', () => {
    expect(readAuditFilters({ action: ' task.update ', actor: '', targetId: ['a', 'b'], cursor: '9', other: 'x' })).toEqual({ action: 'task.update', targetId: 'a' });
  });

  it('converts datetime-local values to instants in the viewer zone and back, across DST', () => {
    expect(fromLocalInput('2026-07-01T10:00', 'Europe/Berlin')).toBe('2026-07-01T08:00:00.000Z');
    expect(fromLocalInput('2026-01-15T10:00', 'Europe/Berlin')).toBe('2026-01-15T09:00:00.000Z');
    expect(fromLocalInput('2026-03-08T12:30', 'America/New_York')).toBe('2026-03-08T16:30:00.000Z');
    expect(toLocalInput('2026-07-01T08:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-01T10:00');
    expect(toLocalInput('2026-07-01T08:00:00.000Z', 'UTC')).toBe('2026-07-01T08:00');
    expect([fromLocalInput('', 'UTC'), fromLocalInput('nonsense', 'UTC'), toLocalInput(undefined, 'UTC'), toLocalInput('bad', 'UTC')]).toEqual([undefined, undefined, '', '']);
    expect(endOfMinute('2026-07-01T08:00:00.000Z')).toBe('2026-07-01T08:00:59.999Z');
  });
});

describe('retention form', () => {
  it('accepts whole days 1..3650 and says what is wrong with each field otherwise', () => {
    expect(parseRetentionForm({ runsDays: '30', logsDays: ' 7 ' })).toEqual({ ok: true, value: { runsDays: 30, logsDays: 7 } });
    expect(parseRetentionForm({ runsDays: '0', logsDays: '3651' })).toEqual({ ok: false, errors: { runsDays: 'between 1 and 3650 days', logsDays: 'between 1 and 3650 days' } });
    expect(parseRetentionForm({ runsDays: '1.5', logsDays: '' })).toEqual({ ok: false, errors: { runsDays: 'a whole number of days', logsDays: 'a whole number of days' } });
  });
});

describe('field errors', () => {
  it('puts field messages by their fields and keeps the rest for the form', () => {
    const err = new ApiError(422, 'invalid', 'invalid input', [{ field: 'email', message: 'already taken' }]);
    expect(fieldErrors(err)).toEqual({ email: 'already taken' });
    expect(formError(err, ['email'])).toBe('Please fix the fields marked above.');
    expect(formError(err, [])).toBe('invalid input: email already taken');
    expect(formError(new ApiError(409, 'conflict', 'this is the last enabled admin'), [])).toBe('this is the last enabled admin');
    expect(formError(null, [])).toBeNull();
  });
});
