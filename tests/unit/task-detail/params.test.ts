import { describe, expect, it } from 'vitest';
import { parseParams } from '../../../components/task-detail/params';

describe('parseParams', () => {
  it('reads empty text as no params', () => {
    expect(parseParams('  \n')).toEqual({ ok: true, value: {} });
  });

  it('accepts a JSON object', () => {
    expect(parseParams('{"file": "a.csv", "n": 2}')).toEqual({ ok: true, value: { file: 'a.csv', n: 2 } });
  });

  it('refuses text that is not JSON, saying so', () => {
    const result = parseParams('{file: a.csv}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^Params are not valid JSON: /);
  });

  it('refuses JSON that is not an object', () => {
    expect(parseParams('[1, 2]')).toEqual({ ok: false, error: 'Params must be a JSON object, such as {"file": "a.csv"}, not an array.' });
    expect(parseParams('null')).toMatchObject({ ok: false, error: expect.stringMatching(/not null\.$/) });
    expect(parseParams('"text"')).toMatchObject({ ok: false, error: expect.stringMatching(/not a string\.$/) });
    expect(parseParams('42')).toMatchObject({ ok: false, error: expect.stringMatching(/not a number\.$/) });
  });
});
