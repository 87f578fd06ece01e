import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../lib/api/v1/csv';

describe('csvCell', () => {
  it('leaves plain text, numbers and booleans alone and empties null', () => {
    expect(csvCell('nightly import')).toBe('nightly import');
    expect(csvCell(1234)).toBe('1234');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes dates as ISO-8601 UTC', () => {
    expect(csvCell(new Date('2026-03-08T07:00:00Z'))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends', () => {
    expect(toCsv(['id', 'reason'], [[1, 'late, by 5 min'], [2, null]])).toBe('id,reason\r\n1,"late, by 5 min"\r\n2,\r\n');
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv(['id'], [])).toBe('id\r\n');
  });
});
