export type ParamsResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Run-now params as typed in the dialog: empty means {}, anything else must be a JSON object. */
export function parseParams(text: string): ParamsResult {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Params are not valid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `Params must be a JSON object, such as {"file": "a.csv"}, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}.` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
