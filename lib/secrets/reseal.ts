import type pg from 'pg';
import { channelsSealedWithOtherKeys, reseal, resealChannel, resealSetting, resealTaskConfig, secretsSealedWithOtherKeys, settingValue, tasksWithSealedFields } from '../../db/queries/secrets';
import { NOTIFY_KEYS, SIGNING_SECRET_CONTEXT, SMTP_PASSWORD_CONTEXT } from '../notify/config';
import { open, seal, sealedKeyId, type Keyring } from './crypto';
import { resealSecretFields } from './fields';

/**
 * The second step of a key rotation: every secret sealed with an older key (opened with
 * SUNDIAL_SECRET_KEY_PREVIOUS) is sealed again with the current one, and so is every secret
 * field in a task config, and every notification channel's write-only part. A value that does not open is reported by name and left alone.
 * Safe to run again, and while Sundial runs.
 */
export async function resealSecrets(pool: pg.Pool, ring: Keyring): Promise<{ resealed: string[]; failed: { name: string; reason: string }[] }> {
  const resealed: string[] = [];
  const failed: { name: string; reason: string }[] = [];
  for (const row of await secretsSealedWithOtherKeys(pool, ring.current.id)) {
    const context = `secret:${row.name}`;
    try {
      const next = seal(ring, open(ring, row.sealed, context), context);
      if (await reseal(pool, row.name, row.sealed, next, sealedKeyId(next))) resealed.push(row.name);
    } catch (err) {
      failed.push({ name: row.name, reason: (err as Error).message });
    }
  }
  for (const task of await tasksWithSealedFields(pool)) {
    try {
      const next = resealSecretFields(ring, task.handler, task.config);
      if (next && (await resealTaskConfig(pool, task.id, task.config, next))) resealed.push(`task ${task.id}`);
    } catch (err) {
      failed.push({ name: `task ${task.id}`, reason: (err as Error).message });
    }
  }
  for (const row of await channelsSealedWithOtherKeys(pool, ring.current.id)) {
    // The context matches lib/notify/config.ts channelSealContext (db/ may not import it).
    const context = `channel:${row.id}`;
    try {
      const next = seal(ring, open(ring, row.sealed, context), context);
      if (await resealChannel(pool, row.id, row.sealed, next, sealedKeyId(next))) resealed.push(`channel ${row.id}`);
    } catch (err) {
      failed.push({ name: `channel ${row.id}`, reason: (err as Error).message });
    }
  }
  await resealSettings(pool, ring, resealed, failed);
  return { resealed, failed };
}

/** The SMTP password and the instance's webhook signing secret, sealed inside settings rows. */
async function resealSettings(pool: pg.Pool, ring: Keyring, resealed: string[], failed: { name: string; reason: string }[]): Promise<void> {
  const parts = [
    { key: NOTIFY_KEYS.smtp, context: SMTP_PASSWORD_CONTEXT, get: (v: unknown) => (v as { passwordSealed?: string } | undefined)?.passwordSealed, set: (v: unknown, s: string) => ({ ...(v as object), passwordSealed: s }) },
    { key: NOTIFY_KEYS.signingSecret, context: SIGNING_SECRET_CONTEXT, get: (v: unknown) => (typeof v === 'string' ? v : undefined), set: (_v: unknown, s: string) => s },
  ];
  for (const part of parts) {
    const value = await settingValue(pool, part.key);
    const sealed = part.get(value);
    if (!sealed || sealedKeyId(sealed) === ring.current.id) continue;
    try {
      const next = seal(ring, open(ring, sealed, part.context), part.context);
      if (await resealSetting(pool, part.key, value, part.set(value, next))) resealed.push(`setting ${part.key}`);
    } catch (err) {
      failed.push({ name: `setting ${part.key}`, reason: (err as Error).message });
    }
  }
}
