import { z } from 'zod';
import { refusalForHost, type AllowList, emptyAllowList } from './rule';

// Save-time checks of a URL Sundial will call. What can never work is refused; what the
// allow-list decides is only a warning, since the list may change before the task runs.

/** JSON Schema keyword on config fields the worker calls: the web app checks them with outboundUrlProblem. */
export const OUTBOUND_KEYWORD = 'x-outbound-url';

const parse = (value: string) => {
  try {
    return new URL(value);
  } catch {
    return null;
  }
};

/** Why a URL can never be called (scheme, credentials, metadata and link-local addresses), or null. */
export function outboundUrlProblem(value: string): string | null {
  const url = parse(value);
  if (!url) return 'must be a URL';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  if (url.username || url.password) return 'must not contain credentials: use an Authorization header';
  const refusal = refusalForHost(url.hostname, emptyAllowList);
  return refusal && !refusal.allowable ? `will never be called: ${refusal.reason}` : null;
}

/** Why runs will be refused unless the allow-list changes: a literal internal address, or localhost. */
export function outboundUrlWarning(value: string, allow: AllowList): string | null {
  const url = parse(value);
  if (!url || outboundUrlProblem(value)) return null;
  const refusal = refusalForHost(url.hostname, allow);
  return refusal ? `runs will be refused: ${refusal.reason}` : null;
}

/** A URL field of a handler or channel that Sundial calls: refused at save when it can never be called. */
export const outboundUrl = () =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = outboundUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ format: 'uri', [OUTBOUND_KEYWORD]: true });

type Schema = { properties?: Record<string, { [OUTBOUND_KEYWORD]?: boolean }> };

/** Save-time warnings for a config: each URL field (marked in its JSON Schema) the worker will refuse as things stand. */
export function configUrlWarnings(schema: unknown, config: Record<string, unknown>, allow: AllowList): { field: string; message: string }[] {
  const properties = (schema as Schema | null)?.properties ?? {};
  return Object.entries(properties).flatMap(([key, property]) => {
    const value = config[key];
    const warning = property[OUTBOUND_KEYWORD] && typeof value === 'string' ? outboundUrlWarning(value, allow) : null;
    return warning ? [{ field: key, message: warning }] : [];
  });
}
