import { env } from '../../env';
import { outboundUrlWarning } from '../../outbound/url';
import type { FieldError } from '../../tasks/input';

/** What SUNDIAL_OUTBOUND_ALLOW refuses today but may allow tomorrow: a warning, not a refusal. */
export function callbackWarnings(url: string | null | undefined): FieldError[] {
  const warning = url ? outboundUrlWarning(url, env().SUNDIAL_OUTBOUND_ALLOW) : null;
  return warning ? [{ field: 'notify.callbackUrl', message: warning }] : [];
}

/** The same for a notification channel's URL fields (a webhook's url, a Slack URL). */
export function channelUrlWarnings(body: { url?: string; slackUrl?: string }): FieldError[] {
  return (['url', 'slackUrl'] as const).flatMap((field) => {
    const value = body[field];
    const warning = value ? outboundUrlWarning(value, env().SUNDIAL_OUTBOUND_ALLOW) : null;
    return warning ? [{ field, message: warning }] : [];
  });
}

/** A saved task's answer, with the warnings when there are any. */
export const withWarnings = <T extends object>(body: T, warnings: FieldError[]) => (warnings.length ? { ...body, warnings } : body);
