import { describe, expect, it } from 'vitest';
import { validateSchedule } from '../../../lib/schedules';

const errorsFor = (input: unknown, opts?: { minIntervalSeconds?: number }) => {
  const result = validateSchedule(input, opts);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.schedule)}`);
  return result.errors;
};
const cronErrors = (expression: string, timezone = 'UTC') => errorsFor({ kind: 'cron', expression, timezone });
const expressionError = (message: string) => [{ field: 'expression', message }];
const INSTANT = 'must be an ISO-8601 instant such as 2026-03-08T07:00:00Z';

describe('validateSchedule: cron', () => {
  it('names the field and range of an out-of-range value, wherever it appears', () => {
    const message = 'minute: 61 is out of range 0-59';
    for (const expression of ['61 * * * *', '1,61 * * * *', '5-61 * * * *', '*/61 * * * *']) {
      expect(cronErrors(expression)).toEqual(expressionError(message));
    }
  });

  it('names each position in 5- and 6-field expressions', () => {
    expect(cronErrors('61 * * * * *')).toEqual(expressionError('second: 61 is out of range 0-59'));
    expect(cronErrors('0 24 * * *')).toEqual(expressionError('hour: 24 is out of range 0-23'));
    expect(cronErrors('0 0 32 * *')).toEqual(expressionError('day-of-month: 32 is out of range 1-31'));
    expect(cronErrors('0 0 * 13 *')).toEqual(expressionError('month: 13 is out of range 1-12'));
    expect(cronErrors('0 0 * * 8')).toEqual(expressionError('day-of-week: 8 is out of range 0-7'));
  });

  it('rejects a wrong number of fields', () => {
    expect(cronErrors('* * * * * * *')).toEqual(expressionError('expected 5 or 6 fields, got 7'));
    expect(cronErrors('@daily')).toEqual(expressionError('expected 5 or 6 fields, got 1'));
  });

  it('points at the field croner cannot read', () => {
    expect(cronErrors('0 0 * * FOO')).toEqual(expressionError("day-of-week: invalid value 'FOO'"));
    expect(cronErrors('*/0 * * * *')).toEqual(expressionError("minute: invalid value '*/0'"));
  });

  it('rejects an expression that never fires', () => {
    expect(cronErrors('0 0 30 2 *')).toEqual(expressionError('never fires'));
  });

  it('rejects an unknown or empty time zone', () => {
    expect(cronErrors('0 2 * * *', 'Mars/Base')).toEqual([{ field: 'timezone', message: 'unknown time zone Mars/Base' }]);
    expect(cronErrors('0 2 * * *', '')).toEqual([
      { field: 'timezone', message: 'must be an IANA time zone such as America/New_York' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(cronErrors('61 * * * *', 'Mars/Base')).toEqual([
      { field: 'expression', message: 'minute: 61 is out of range 0-59' },
      { field: 'timezone', message: 'unknown time zone Mars/Base' },
    ]);
  });

  it('accepts names, L and ? as croner does', () => {
    for (const expression of ['0 9 * JAN-MAR MON-FRI', '0 0 L * *', '0 0 ? * ?', '0 0 29 2 *']) {
      expect(validateSchedule({ kind: 'cron', expression, timezone: 'UTC' }).ok).toBe(true);
    }
  });

  it('accepts a 6-field expression', () => {
    expect(validateSchedule({ kind: 'cron', expression: '*/15 * * * * *', timezone: 'UTC' }, { minIntervalSeconds: 15 })).toEqual({
      ok: true,
      schedule: { kind: 'cron', expression: '*/15 * * * * *', timezone: 'UTC' },
    });
  });

  it('holds a cron to the minimum interval, by the shortest gap between its fires', () => {
    const at = (expression: string, minIntervalSeconds = 60) => validateSchedule({ kind: 'cron', expression, timezone: 'UTC' }, { minIntervalSeconds });
    const refused = (message: string) => ({ ok: false, errors: expressionError(message) });
    expect(at('* * * * * *')).toEqual(refused('fires 1 s apart, below the 60 s minimum interval'));
    expect(at('*/30 * * * * *')).toEqual(refused('fires 30 s apart, below the 60 s minimum interval'));
    expect(at('0,59 * * * * *')).toEqual(refused('fires 1 s apart, below the 60 s minimum interval'));
    expect(at('0-5 0 * * *', 120)).toEqual(refused('fires 60 s apart, below the 120 s minimum interval'));
    expect(at('* * * * *').ok).toBe(true);
    expect(at('0 2 * * *', 86_400).ok).toBe(true);
    expect(at('*/2 * * * * *', 1).ok).toBe(true);
  });

  it('normalises spacing and drops unknown fields', () => {
    const input = { kind: 'cron', expression: '  0   2 *\t* * ', timezone: 'America/New_York', extra: true };
    expect(validateSchedule(input)).toEqual({
      ok: true,
      schedule: { kind: 'cron', expression: '0 2 * * *', timezone: 'America/New_York' },
    });
  });
});

describe('validateSchedule: interval, once, manual, kind', () => {
  it('enforces the minimum interval, 60 s unless told otherwise', () => {
    expect(errorsFor({ kind: 'interval', everySeconds: 0 })).toEqual([
      { field: 'everySeconds', message: 'interval below the 60 s minimum' },
    ]);
    expect(errorsFor({ kind: 'interval', everySeconds: 0 }, { minIntervalSeconds: 10 })).toEqual([
      { field: 'everySeconds', message: 'interval below the 10 s minimum' },
    ]);
    expect(errorsFor({ kind: 'interval', everySeconds: -120 })[0]?.message).toBe('interval below the 60 s minimum');
    expect(validateSchedule({ kind: 'interval', everySeconds: 10 }, { minIntervalSeconds: 10 }).ok).toBe(true);
  });

  it('wants whole seconds', () => {
    for (const everySeconds of [90.5, '90', undefined]) {
      expect(errorsFor({ kind: 'interval', everySeconds })).toEqual([
        { field: 'everySeconds', message: 'must be a whole number of seconds' },
      ]);
    }
  });

  it('normalises the anchor and rejects a bad one alongside a bad interval', () => {
    expect(validateSchedule({ kind: 'interval', everySeconds: 3600, anchor: '2026-01-01T09:00:00+09:00' })).toEqual({
      ok: true,
      schedule: { kind: 'interval', everySeconds: 3600, anchor: '2026-01-01T00:00:00.000Z' },
    });
    expect(errorsFor({ kind: 'interval', everySeconds: 1.5, anchor: 'soon' })).toEqual([
      { field: 'everySeconds', message: 'must be a whole number of seconds' },
      { field: 'anchor', message: INSTANT },
    ]);
  });

  it('rejects a bad one-off time', () => {
    for (const at of ['tomorrow', '07:00', 1772953200000, '2026-02-30T07:00:00Z', '2026-03-08T07:00:00', undefined]) {
      expect(errorsFor({ kind: 'once', at })).toEqual([{ field: 'at', message: INSTANT }]);
    }
  });

  it('stores a one-off time in UTC', () => {
    expect(validateSchedule({ kind: 'once', at: '2026-03-08T02:00:00-05:00' })).toEqual({
      ok: true,
      schedule: { kind: 'once', at: '2026-03-08T07:00:00.000Z' },
    });
  });

  it('accepts manual', () => {
    expect(validateSchedule({ kind: 'manual' })).toEqual({ ok: true, schedule: { kind: 'manual' } });
  });

  it('rejects an unknown or missing kind', () => {
    const kindError = [{ field: 'kind', message: 'must be one of cron, daily, weekly, interval, once, manual' }];
    expect(errorsFor({ kind: 'hourly' })).toEqual(kindError);
    expect(errorsFor({ expression: '0 2 * * *' })).toEqual(kindError);
    expect(errorsFor(null)).toEqual(kindError);
  });
});

describe('validateSchedule: day field semantics', () => {
  it('rejects the + day-of-week prefix, which would switch this expression to AND', () => {
    expect(validateSchedule({ kind: 'cron', expression: '0 0 1 * +1', timezone: 'UTC' })).toEqual({
      ok: false,
      errors: [{ field: 'expression', message: 'day-of-week: the + prefix is not supported (a day matches if either day field matches)' }],
    });
  });
});
