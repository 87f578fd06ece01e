import type { Db } from '../../../db/client';
import { keepRedacted, redactionMarks } from '../../redact';
import { invalid } from '../errors';
import { assertHandlerConfig } from './handler-config';

/**
 * The config a save stores. Every role reads configs redacted, so a client that sends back a
 * value exactly as it was shown keeps the stored one; a redaction mark that is left over is a
 * copy of a value nobody saw, and is refused rather than saved.
 */
export async function configToSave(db: Db, handler: string, config: Record<string, unknown> | undefined, stored?: unknown): Promise<Record<string, unknown>> {
  const value = (stored === undefined ? config : keepRedacted(config, stored)) as Record<string, unknown> | undefined ?? {};
  const marks = redactionMarks(value);
  if (marks.length > 0) {
    throw invalid(marks.map((path) => ({ field: `config.${path}`, message: 'holds a redacted value: type the value again, or use {{secrets.NAME}}' })));
  }
  await assertHandlerConfig(db, handler, value);
  return value;
}
