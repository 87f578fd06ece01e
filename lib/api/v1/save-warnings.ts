import { env } from '../../env';
import { outboundUrlWarning } from '../../outbound/url';
import type { FieldError } from '../../tasks/input';

/** What SUNDIAL_OUTBOUND_ALLOW refuses today but may allow tomorrow: a warning, not a refusal. */
export function callbackWarnings(url: string | null | undefined): FieldError[] {
  const warning = url ? outboundUrlWarning(url, env().SUNDIAL_OUTBOUND_ALLOW) : null;
  return warning ? [{ field: 'notify.callbackUrl', message: warning }] : [];
}

/** A saved task's answer, with the warnings when there are any. */
export const withWarnings = <T extends object>(body: T, warnings: FieldError[]) => (warnings.length ? { ...body, warnings } : body);
