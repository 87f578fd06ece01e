// Save-time warnings of the task form: URLs the worker will refuse as SUNDIAL_OUTBOUND_ALLOW
// stands. Not errors: the task saves, and the allow-list may change before it runs.

import { emptyAllowList, parseAllowList, type AllowList } from '../outbound/rule';
import { configUrlWarnings, outboundUrlWarning } from '../outbound/url';
import type { FormState } from './form-state';

/** The allow-list as the page hands it over ("127.0.0.1/32, localhost"). */
export function allowListFromText(text: string): AllowList {
  const parsed = parseAllowList(text.split(','));
  return parsed.ok ? parsed.list : emptyAllowList;
}

/** Warnings by input path ("config.url", "notify.callbackUrl"). */
export function formWarnings(state: FormState, configSchema: unknown, allow: AllowList): Record<string, string> {
  const warnings: Record<string, string> = {};
  if (state.configMode === 'fields') {
    const config = Object.fromEntries(Object.entries(state.configValues).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]));
    for (const w of configUrlWarnings(configSchema, config, allow)) warnings[`config.${w.field}`] = w.message;
  }
  const callback = state.notify.callbackUrl.trim();
  const callbackWarning = callback ? outboundUrlWarning(callback, allow) : null;
  if (callbackWarning) warnings['notify.callbackUrl'] = callbackWarning;
  return warnings;
}
