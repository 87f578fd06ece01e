export type FieldError = { field: string; message: string };

/**
 * The input an error belongs to: the longest known path that is the error's path or a parent
 * of it ("notify.emails.2" → "notify.emails", "config.headers.X-Key" → "config.headers").
 * null when no input shows it; the form lists those at the top.
 */
export function inputFor(errorPath: string, known: readonly string[]): string | null {
  let best: string | null = null;
  for (const path of known) {
    if ((errorPath === path || errorPath.startsWith(`${path}.`)) && (!best || path.length > best.length)) best = path;
  }
  return best;
}

/**
 * Errors grouped by the input that shows them; the rest under "". First message per input
 * wins. An error about a part of an input (a pipeline step's URL in the steps JSON) names
 * that part, 1-based where it is a position: "step 2, config.url: …".
 */
export function groupErrors(errors: readonly FieldError[], known: readonly string[]): Record<string, string> {
  const grouped: Record<string, string> = {};
  for (const e of errors) {
    const key = inputFor(e.field, known) ?? '';
    if (key === '') grouped[''] = grouped[''] ? `${grouped['']}; ${e.field}: ${e.message}` : `${e.field}: ${e.message}`;
    else grouped[key] ??= e.field === key ? e.message : `${partName(e.field.slice(key.length + 1))}: ${e.message}`;
  }
  return grouped;
}

function partName(path: string): string {
  const [first, ...rest] = path.split('.');
  if (!/^\d+$/.test(first!)) return path;
  return rest.length ? `item ${Number(first) + 1}, ${rest.join('.')}` : `item ${Number(first) + 1}`;
}

/** A DOM id for an input path: "schedule.expression" → "tf-schedule-expression". */
export const inputId = (path: string) => `tf-${path.replace(/[^a-zA-Z0-9_-]+/g, '-')}`;
