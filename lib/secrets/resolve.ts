import type pg from 'pg';
import { takeSealedSecrets } from '../../db/queries/secrets';
import { NonRetryableError } from '../engine/errors';
import { open } from './crypto';
import { openSecretFields } from './fields';
import { secretKeyring } from './keys';
import { Masker, noMask } from './mask';
import { replaceReferences, secretReferences } from './references';

/**
 * The one place a secret's value exists in the clear: a config about to go to its handler.
 * The resolved config is handed to the thread and never stored; the masker hides each value
 * in everything the run writes.
 */
export async function resolveSecrets(pool: pg.Pool, handler: string, stored: unknown): Promise<{ config: unknown; mask: Masker }> {
  // A key this worker lacks is retryable: another worker, set up right, may have it.
  const fields = openSecretFields(secretKeyring, handler, stored);
  const config = fields.config;
  const names = [...new Set(secretReferences(config).references.map((r) => r.name))];
  if (names.length === 0) return { config, mask: fields.values.length ? new Masker(fields.values) : noMask };
  const rows = await takeSealedSecrets(pool, names);
  const missing = names.filter((n) => !rows.some((r) => r.name === n));
  if (missing.length > 0) throw new NonRetryableError(`secret ${missing.join(', ')} is not set: an admin adds it under Settings → Secrets`);
  const ring = secretKeyring();
  const values = new Map(rows.map((r) => [r.name, open(ring, r.sealed, `secret:${r.name}`)]));
  return { config: replaceReferences(config, (name) => values.get(name)!), mask: new Masker([...fields.values, ...values.values()]) };
}
