import { describe, expect, it } from 'vitest';
import { open, seal, secretKey, type Keyring } from '../../../lib/secrets/crypto';
import { Masker } from '../../../lib/secrets/mask';
import { replaceReferences, secretReferences } from '../../../lib/secrets/references';

const oldKey = secretKey('an old key that is long enough to be a key');
const newKey = secretKey('a new key that is long enough to be a key too');
const ring: Keyring = { current: newKey, previous: [] };

describe('sealing secrets (AES-256-GCM)', () => {
  it('opens what it sealed, and the sealed text holds neither the value nor the key', () => {
    const sealed = seal(ring, 'Bearer s3cret', 'secret:BANK_TOKEN');
    expect(sealed).toMatch(new RegExp(`^v1\\.${newKey.id}\\.`));
    expect(sealed).not.toContain('s3cret');
    expect(seal(ring, 'Bearer s3cret', 'secret:BANK_TOKEN')).not.toBe(sealed);
    expect(open(ring, sealed, 'secret:BANK_TOKEN')).toBe('Bearer s3cret');
  });

  it('refuses a value moved to another name, or altered', () => {
    const sealed = seal(ring, 'v', 'secret:A');
    expect(() => open(ring, sealed, 'secret:B')).toThrow(/altered or moved/);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('x').toString('base64url');
    expect(() => open(ring, parts.join('.'), 'secret:A')).toThrow(/altered or moved/);
  });

  it('opens values of a previous key during a rotation, and names the missing key otherwise', () => {
    const sealed = seal({ current: oldKey, previous: [] }, 'v', 'secret:A');
    expect(() => open(ring, sealed, 'secret:A')).toThrow(new RegExp(`sealed with key ${oldKey.id}.*SUNDIAL_SECRET_KEY_PREVIOUS`));
    expect(open({ current: newKey, previous: [oldKey] }, sealed, 'secret:A')).toBe('v');
  });
});

describe('references and masking', () => {
  it('finds {{secrets.NAME}} in any string, and flags malformed ones', () => {
    const config = { url: 'https://h.test/?k={{ secrets.API_KEY }}', headers: { Authorization: 'Bearer {{secrets.BANK_TOKEN}}' }, list: ['{{secrets.lower}}', '{{secrets.X'] };
    const { references, bad } = secretReferences(config);
    expect(references).toEqual([
      { path: 'url', name: 'API_KEY' },
      { path: 'headers.Authorization', name: 'BANK_TOKEN' },
    ]);
    expect(bad.map((b) => b.path)).toEqual(['list.0', 'list.1']);
    expect(replaceReferences(config, (n) => `<${n}>`)).toMatchObject({ url: 'https://h.test/?k=<API_KEY>', headers: { Authorization: 'Bearer <BANK_TOKEN>' } });
  });

  it('masks a value as it is, inside JSON text, URL-encoded and in base64', () => {
    const mask = new Masker(['p@ss "word"', '4242']);
    expect(mask.text('sent p@ss "word" and p%40ss%20%22word%22 and cEBzcyAid29yZCI=')).toBe('sent *** and *** and ***');
    expect(mask.deep({ body: JSON.stringify({ pw: 'p@ss "word"' }), pin: 4242, n: 7 })).toEqual({ body: '{"pw":"***"}', pin: '***', n: 7 });
  });
});
