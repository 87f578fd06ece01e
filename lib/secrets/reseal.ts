import type pg from 'pg';
import { channelsSealedWithOtherKeys, reseal, resealChannel, resealTaskConfig, secretsSealedWithOtherKeys, tasksWithSealedFields } from '../../db/queries/secrets';
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
  return { resealed, failed };
}
