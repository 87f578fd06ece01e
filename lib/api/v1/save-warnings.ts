import type { Db } from '../../../db/client';
import { env } from '../../env';
import { outboundUrlWarning } from '../../outbound/url';
import type { FieldError } from '../../tasks/input';
import { assertHandlerConfig } from './handler-config';

/**
 * Check what a save changes that only the run would otherwise find out: the handler config
 * (422 when it can never work), and warnings for what SUNDIAL_OUTBOUND_ALLOW decides today
 * but may allow tomorrow. Unchanged parts (undefined) are not checked again.
 */
export async function checkSave(db: Db, change: { handler?: string; config?: unknown; webhookUrl?: string }): Promise<FieldError[]> {
  const warnings = change.handler !== undefined ? await assertHandlerConfig(db, change.handler, change.config) : [];
  const webhook = change.webhookUrl ? outboundUrlWarning(change.webhookUrl, env().SUNDIAL_OUTBOUND_ALLOW) : null;
  return webhook ? [...warnings, { field: 'notify.webhookUrl', message: webhook }] : warnings;
}

/** A saved task's answer, with the warnings when there are any. */
export const withWarnings = <T extends object>(body: T, warnings: FieldError[]) => (warnings.length ? { ...body, warnings } : body);
