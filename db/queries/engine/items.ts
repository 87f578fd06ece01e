/**
 * A run's item report: what ctx.batch returns, and what an http or command task reports to
 * say how many of its items went through. A run that succeeded with failed items is partial.
 */
export type ItemCounts = { total: number; succeeded: number; failed: number; skipped?: number };

const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function countsOf(value: unknown): ItemCounts | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { total, succeeded, failed, skipped } = value as Record<string, unknown>;
  if (!count(total) || !count(succeeded) || !count(failed)) return null;
  return { total, succeeded, failed, ...(count(skipped) ? { skipped } : {}) };
}

/**
 * The item counts in a run's result: the result itself (ctx.batch, a command's result file,
 * an app's finish call), or the JSON body an http task's app answered (`result.body`).
 */
export function itemCounts(result: unknown): ItemCounts | null {
  return countsOf(result) ?? (result && typeof result === 'object' ? countsOf((result as { body?: unknown }).body) : null);
}

/** A succeeded run whose items partly failed. */
export function isPartial(status: string, result: unknown): boolean {
  return status === 'succeeded' && (itemCounts(result)?.failed ?? 0) > 0;
}
