import { env } from '../env';
import { StartupError } from '../errors';
import { secretKey, type Keyring } from './crypto';

let cached: { material: string; previous: string; ring: Keyring } | undefined;

/**
 * The keyring from SUNDIAL_SECRET_KEY (set by the operator, or generated into the data dir by
 * the launcher like AUTH_SECRET) and SUNDIAL_SECRET_KEY_PREVIOUS (comma-separated older keys).
 */
export function secretKeyring(): Keyring {
  const material = env().SUNDIAL_SECRET_KEY ?? process.env.SUNDIAL_SECRET_KEY;
  if (!material) throw new StartupError('SUNDIAL_SECRET_KEY is not set: set it to 32 or more random characters (openssl rand -base64 32), the same on every web and worker process');
  if (material.length < 32) throw new StartupError('SUNDIAL_SECRET_KEY must be at least 32 characters (for example: openssl rand -base64 32)');
  const previous = env().SUNDIAL_SECRET_KEY_PREVIOUS ?? process.env.SUNDIAL_SECRET_KEY_PREVIOUS ?? '';
  if (cached?.material !== material || cached.previous !== previous) {
    const old = previous.split(',').map((k) => k.trim()).filter(Boolean);
    cached = { material, previous, ring: { current: secretKey(material), previous: old.map(secretKey) } };
  }
  return cached.ring;
}
