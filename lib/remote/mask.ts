import type pg from 'pg';
import { resolveSecrets } from '../../worker/runner/secrets';
import { Masker, noMask } from '../secrets/mask';

/**
 * What the holder was given in the clear is masked in what it reports back, as in-process runs
 * are. A secret deleted since the claim cannot be resolved, nor then masked.
 */
export async function runMask(pool: pg.Pool, task: { handler: string; config: unknown }): Promise<Masker> {
  try {
    return (await resolveSecrets(pool, task.handler, task.config)).mask;
  } catch {
    return noMask;
  }
}
