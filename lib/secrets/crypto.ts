import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// AES-256-GCM from node:crypto: an authenticated cipher in the standard library, so no
// dependency is needed for the one primitive that matters here.

export type SecretKey = { id: string; key: Buffer };
/** The key new values are sealed with, and older keys that still open values sealed before a rotation. */
export type Keyring = { current: SecretKey; previous: SecretKey[] };

const VERSION = 'v1';
const b64 = (b: Buffer) => b.toString('base64url');

/** A key from any string of 32 or more characters (such as `openssl rand -base64 32`), with a short id that names it without revealing it. */
export function secretKey(material: string): SecretKey {
  const key = Buffer.from(hkdfSync('sha256', material, 'sundial', 'secrets aes-256-gcm', 32));
  const id = Buffer.from(hkdfSync('sha256', material, 'sundial', 'secrets key id', 4)).toString('hex');
  return { id, key };
}

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/**
 * Seal a value: v1.<keyId>.<iv>.<tag>.<ciphertext>. `context` (such as "secret:BANK_TOKEN") is
 * authenticated with it, so a sealed value copied to another name or field does not open.
 */
export function seal(ring: Keyring, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, ring.current.id, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join('.');
}

export const sealedKeyId = (sealed: string): string => sealed.split('.')[1] ?? '';

export function open(ring: Keyring, sealed: string, context: string): string {
  const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined) throw new SecretKeyError('not a sealed value');
  const key = [ring.current, ...ring.previous].find((k) => k.id === keyId);
  if (!key) {
    const have = [ring.current, ...ring.previous].map((k) => k.id).join(', ');
    throw new SecretKeyError(
      `sealed with key ${keyId}, but this process has ${have}: give every web and worker process the same SUNDIAL_SECRET_KEY, and the old one in SUNDIAL_SECRET_KEY_PREVIOUS during a rotation`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(`the value sealed with key ${keyId} does not open: it was altered or moved`);
  }
}
