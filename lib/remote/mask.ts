import type pg from 'pg';
import type { Queryable } from '../../db/queries/engine/tx';
import { resolveSecrets } from '../secrets/resolve';
import { Masker, noMask } from '../secrets/mask';

/**
 * What the holder was given in the clear is masked in what it reports back, as in-process runs
 * are. A secret deleted since the claim cannot be resolved, nor then masked.
 */
export async function runMask(client: Queryable, task: { handler: string; config: unknown }): Promise<Masker> {
  try {
    // On the caller's transaction: a second pooled connection per report could exhaust the
    // pool under load, each report holding one while it waits for another. Only query() is used.
    return (await resolveSecrets(client as pg.Pool, task.handler, task.config)).mask;
  } catch {
    return noMask;
  }
}
