import { describe, expect, it } from 'vitest';
import { secretKey } from '../../lib/secrets/crypto';
import { readRunToken, runToken } from '../../lib/engine/run-token';

const a = secretKey('a'.repeat(40));
const b = secretKey('b'.repeat(40));

describe('run tokens', () => {
  it('name the run and attempt they were made for, and nothing else', () => {
    const ring = { current: a, previous: [] };
    const token = runToken({ runId: 42, epoch: 3 }, ring);
    expect(readRunToken(token, ring)).toEqual({ runId: 42, epoch: 3 });
    // Another run's or epoch's token cannot be made from this one.
    expect(readRunToken(token.replace('sdr_42_', 'sdr_43_'), ring)).toBeNull();
    expect(readRunToken(token.replace('_3_', '_4_'), ring)).toBeNull();
    expect(readRunToken(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), ring)).toBeNull();
    expect(readRunToken('sdr_42_3', ring)).toBeNull();
    expect(readRunToken('', ring)).toBeNull();
  });

  it('made under another key are refused, and still verify after that key is rotated out', () => {
    const old = runToken({ runId: 7, epoch: 1 }, { current: b, previous: [] });
    expect(readRunToken(old, { current: a, previous: [] })).toBeNull();
    expect(readRunToken(old, { current: a, previous: [b] })).toEqual({ runId: 7, epoch: 1 });
  });
});
