import { z } from 'zod';

/** A secret's name: what a config writes between {{secrets. and }}. */
export const secretName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be 1 to 64 capital letters, digits or underscores, starting with a letter');

// {{secrets.NAME}}, spaces allowed inside the braces. Anything else that starts like one is a mistake.
const REFERENCE = /\{\{\s*secrets\.([^{}\s]*)\s*\}\}/g;
const STARTS_LIKE_ONE = /\{\{\s*secrets\b/;

export type Reference = { path: string; name: string };
export type BadReference = { path: string };

function strings(value: unknown, path: string[], visit: (s: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path.join('.'));
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, String(i)], visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, [...path, k], visit);
}

/** Every {{secrets.NAME}} in the strings of a config, with where it is; and the ones that are malformed. */
export function secretReferences(config: unknown): { references: Reference[]; bad: BadReference[] } {
  const references: Reference[] = [];
  const bad: BadReference[] = [];
  strings(config, [], (s, path) => {
    for (const m of s.matchAll(REFERENCE)) {
      if (secretName.safeParse(m[1]).success) references.push({ path, name: m[1]! });
      else bad.push({ path });
    }
    if (STARTS_LIKE_ONE.test(s.replace(REFERENCE, ''))) bad.push({ path });
  });
  return { references, bad };
}

/** A copy of a config with each reference replaced by value(name). Only string values are touched, never keys. */
export function replaceReferences(config: unknown, value: (name: string) => string): unknown {
  if (typeof config === 'string') return config.replace(REFERENCE, (_m, name: string) => value(name));
  if (Array.isArray(config)) return config.map((v) => replaceReferences(v, value));
  if (config && typeof config === 'object') return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, replaceReferences(v, value)]));
  return config;
}
