export type Change = { path: string; kind: 'added' | 'removed' | 'changed'; before?: unknown; after?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The leaf fields that differ between two JSON values, by dotted path. Objects are walked;
 * arrays and scalars are compared whole, so a changed tag list is one change.
 */
export function jsonDiff(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = path ? `${path}.${k}` : k;
      if (!(k in after)) return [{ path: p, kind: 'removed' as const, before: before[k] }];
      if (!(k in before)) return [{ path: p, kind: 'added' as const, after: after[k] }];
      return jsonDiff(before[k], after[k], p);
    });
  }
  if (before == null && isObject(after)) return jsonDiff({}, after, path);
  if (isObject(before) && after == null) return jsonDiff(before, {}, path);
  if (same(before, after)) return [];
  if (before === undefined) return [{ path, kind: 'added', after }];
  if (after === undefined) return [{ path, kind: 'removed', before }];
  return [{ path, kind: 'changed', before, after }];
}

/** A value as it reads in a diff: JSON, so a string and a number look different. */
export function showValue(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value);
}
