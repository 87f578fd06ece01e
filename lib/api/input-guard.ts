import type { FieldError } from '../tasks/input';
import { AppError, invalid } from './errors';

/** Deeper JSON is refused before it is parsed: no config or params needs more, and deep values overflow recursive code later. */
export const MAX_JSON_DEPTH = 32;

// A scan of the raw text, so a body of a million brackets is refused without building it.
// Written here because it is a dozen lines and the JSON libraries on npm check prototype
// pollution or schemas, not depth before parsing.
function depthError(text: string): FieldError | null {
  let depth = 0;
  let key = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      // The top-level key a deep value sits under names the field in the message.
      if (depth === 1 && /^\s*:/.test(text.slice(end + 1, end + 40))) key = text.slice(i + 1, end);
      i = end;
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_JSON_DEPTH) return { field: /^[\w-]{1,64}$/.test(key) ? key : 'body', message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
    } else if (c === '}' || c === ']') {
      depth--;
    }
  }
  return null;
}

/** The index of the quote that closes the string opened at `open` (or the end of the text). */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}

/**
 * Postgres refuses U+0000 in text and jsonb, and no name, filter or config needs it. Field
 * names are the dotted path, as zod reports them. Depth is bounded already, so recursion is safe.
 */
export function nulFields(value: unknown, path: string[] = []): FieldError[] {
  const at = (p: string[]) => p.join('.') || 'body';
  if (typeof value === 'string') return value.includes('\0') ? [{ field: at(path), message: 'must not contain a NUL character (\\u0000)' }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulFields(v, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      k.includes('\0') ? [{ field: at([...path, k.replaceAll('\0', '\\u0000')]), message: 'a key must not contain a NUL character (\\u0000)' }] : nulFields(v, [...path, k]),
    );
  }
  return [];
}

/** Parse a request body: 422 when too deep or holding a NUL, 400 when not JSON at all. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  const deep = depthError(text);
  if (deep) throw invalid([deep]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the body is not valid JSON');
  }
  const nul = nulFields(value);
  if (nul.length > 0) throw invalid(nul);
  return value;
}

/** The query string as an object; 422 for a NUL in any name or value. */
export function parseQuery(url: string): Record<string, string> {
  const query = Object.fromEntries(new URL(url).searchParams);
  const nul = nulFields(query);
  if (nul.length > 0) throw invalid(nul);
  return query;
}
