/**
 * The one redaction rule for everything Sundial shows or records: the audit log, API answers,
 * pages and server logs. A value is hidden when its name says it is a credential, and any
 * string is cleaned of credentials in URLs, query strings and Authorization-like text.
 *
 * A reference to a named secret ({{secrets.NAME}}) is not a secret; it stays readable.
 */

export const REDACTED = '[redacted]';
/** A config field sealed in place (lib/secrets/fields.ts). Here, so the browser can import this module without node:crypto. */
export const SEALED_PREFIX = 'sealed:';
export const isSealed = (value: unknown): boolean => typeof value === 'string' && value.startsWith(SEALED_PREFIX);

// Names compared without case, dashes or underscores: X-Api-Key, x_api_key and XAPIKEY match alike.
const SECRET_PARTS = /token|secret|passw(or)?d|apikey|auth|cookie|credential|privatekey|keyhash|pass$|pwd$/;
const SECRET_EXACT = new Set(['key']);
const normal = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Authorization, Proxy-Authorization, Cookie, X-Api-Key, and any name with token, secret, password, passwd, apikey or auth in it. */
export function isSecretName(name: string): boolean {
  const n = normal(name);
  return SECRET_EXACT.has(n) || SECRET_PARTS.test(n);
}

const REFERENCES = /\{\{\s*secrets\.[A-Za-z0-9_]+\s*\}\}/g;
const referencesOnly = (value: string, rest: RegExp) => value !== value.replace(REFERENCES, '') && rest.test(value.replace(REFERENCES, ' '));
// "Bearer {{secrets.X}}" shows no more than the name of a secret: an auth scheme word and references.
const onlyReferences = (value: string) => referencesOnly(value, /^\s*((Bearer|Basic|Token|Bot|Digest|Key)\s+)?$/i);

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@?#]*):([^\s/@?#]+)@/gi;
// name=value, name: value, "name": "value" (query strings, form bodies, header dumps, cut JSON).
const KEY_VALUE = /(?<![\w.%-])([\w.%-]+)(["']?[ \t]*(?:=|:(?!\/\/))[ \t]*["']?)((?:(?:Bearer|Basic)[ \t]+)?[^\s"',;&#?]+)/gi;
// A cookie header holds several pairs: the rest of its line goes.
const COOKIE_LINE = /\b((?:set-)?cookie[ \t]*:[ \t]*)[^\r\n]+/gi;
// A bare token after its scheme: it has a digit or a symbol, or it is long.
const AUTH_SCHEME = /\b(Bearer|Basic)[ \t]+(?!\[redacted\]|\{\{)(?:(?=[^\s]*[0-9=+/._~-])[A-Za-z0-9._~+/=-]{4,}|[A-Za-z0-9._~+/=-]{16,})/g;

/** Free text (a URL, a log line, an error message, a body) with credentials hidden. */
export function redactText(text: string): string {
  const json = redactJsonText(text);
  if (json !== undefined) return json;
  return text
    .replace(COOKIE_LINE, (_m, head: string) => `${head}${REDACTED}`)
    .replace(URL_USERINFO, (_m, head: string) => `${head}:${REDACTED}@`)
    .replace(KEY_VALUE, (m, name: string, sep: string, value: string) =>
      isSecretName(decodeName(name)) && value !== REDACTED && !referencesOnly(value, /^\s*$/) ? `${name}${sep}${REDACTED}` : m,
    )
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** A JSON object or array written as text (an HTTP body) is redacted as JSON and written back. */
function redactJsonText(text: string): string | undefined {
  const t = text.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return undefined;
  try {
    const parsed: unknown = JSON.parse(t);
    const redacted = JSON.stringify(redact(parsed));
    return redacted === JSON.stringify(parsed) ? text : redacted;
  } catch {
    return undefined;
  }
}

/** A copy with every credential hidden, at any depth. Booleans and null stay (passwordChanged: true says nothing secret). */
export function redact(value: unknown, secretName = false): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redact(v, secretName));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secretName || isSecretName(k))]));
  }
  if (typeof value === 'string') return isSealed(value) || (secretName && !onlyReferences(value)) ? REDACTED : redactText(value);
  return secretName ? REDACTED : value;
}

/**
 * What a client sent back after reading a redacted copy: wherever it sent exactly what it was
 * shown, the stored value is kept. So a form can save a task whose Authorization header it
 * never saw, and a changed field still replaces the old value.
 */
export function keepRedacted(incoming: unknown, stored: unknown): unknown {
  return restore(incoming, redact(stored), stored);
}

function restore(incoming: unknown, shown: unknown, stored: unknown): unknown {
  if (typeof incoming === 'string') return incoming === shown && shown !== stored ? stored : incoming;
  if (Array.isArray(incoming)) {
    return incoming.map((v, i) => restore(v, Array.isArray(shown) ? shown[i] : undefined, Array.isArray(stored) ? stored[i] : undefined));
  }
  if (incoming && typeof incoming === 'object') {
    const s = isRecord(shown) ? shown : {};
    const o = isRecord(stored) ? stored : {};
    return Object.fromEntries(Object.entries(incoming).map(([k, v]) => [k, restore(v, s[k], o[k])]));
  }
  return incoming;
}

const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Paths ("headers.Authorization") of strings that still hold the redaction mark: a copy of something never seen. */
export function redactionMarks(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value.includes(REDACTED) ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => redactionMarks(v, [...path, String(i)]));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => redactionMarks(v, [...path, k]));
  return [];
}
