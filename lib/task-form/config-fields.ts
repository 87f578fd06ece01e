// A handler's config JSON Schema (as its workers publish it) read as form fields. Pure: no
// React, so it is unit tested and shared by the form and its tests.

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  /** A secret field (secretField() in worker/define.ts): stored sealed, read back as set or unset. */
  writeOnly?: boolean;
};

type Common = { key: string; label: string; description?: string; required: boolean };
export type ConfigField = Common &
  (
    | { kind: 'text'; format?: string; secret?: boolean }
    | { kind: 'select'; options: string[] }
    | { kind: 'number'; integer: boolean; minimum?: number; maximum?: number }
    | { kind: 'boolean'; default?: boolean }
    | { kind: 'list'; items: 'string' | 'number' | 'integer' }
    | { kind: 'map' }
    | { kind: 'json' }
  );

/** What the form keeps per field: text for inputs, a flag for checkboxes, rows for maps. */
export type FieldValue = string | boolean | [string, string][];
export type ConfigValues = Record<string, FieldValue>;

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

/** "timeoutSeconds" → "Timeout seconds", "acceptStatuses" → "Accept statuses", "url" → "URL". */
export function labelFor(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim().toLowerCase().split(/\s+/);
  const text = words.map((w) => (['url', 'id', 'http', 'json'].includes(w) ? w.toUpperCase() : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fieldFor(key: string, s: JsonSchema, required: boolean): ConfigField {
  const common: Common = { key, label: s.title ?? labelFor(key), description: s.description, required };
  const type = typeOf(s);
  if (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => typeof v === 'string')) {
    return { ...common, kind: 'select', options: s.enum as string[] };
  }
  if (type === 'string') return { ...common, kind: 'text', format: s.format, ...(s.writeOnly ? { secret: true } : {}) };
  if (type === 'number' || type === 'integer') return { ...common, kind: 'number', integer: type === 'integer', minimum: s.minimum, maximum: s.maximum };
  if (type === 'boolean') return { ...common, kind: 'boolean', ...(typeof s.default === 'boolean' ? { default: s.default } : {}) };
  if (type === 'array' && s.items) {
    const items = typeOf(s.items);
    if ((items === 'string' || items === 'number' || items === 'integer') && !s.items.enum) return { ...common, kind: 'list', items };
  }
  if (type === 'object' && !s.properties && typeof s.additionalProperties === 'object' && typeOf(s.additionalProperties) === 'string') {
    return { ...common, kind: 'map' };
  }
  return { ...common, kind: 'json' };
}

const KIND_ORDER: ConfigField['kind'][] = ['select', 'text', 'number', 'list', 'boolean', 'map', 'json'];
const rank = (f: ConfigField) => (f.required ? -1 : KIND_ORDER.indexOf(f.kind));

/**
 * The fields of an object schema: required ones first, then by kind (choices, text, numbers,
 * lists, switches, rows, JSON). The catalog is stored as jsonb, which does not keep the
 * schema's key order, so the order is made here. `null` when the schema is not an object
 * with properties the form can show one by one: the form then offers only JSON.
 */
export function fieldsFromSchema(schema: unknown): ConfigField[] | null {
  const s = (schema ?? {}) as JsonSchema;
  if (typeof schema !== 'object' || schema === null || typeOf(s) !== 'object' || !s.properties) return null;
  const required = new Set(s.required ?? []);
  const fields = Object.entries(s.properties).map(([key, prop]) => fieldFor(key, prop ?? {}, required.has(key)));
  return fields.sort((a, b) => rank(a) - rank(b));
}

/** The default a schema gives a property, if any. */
export function defaultsFromSchema(schema: unknown): Record<string, unknown> {
  const props = ((schema ?? {}) as JsonSchema).properties ?? {};
  return Object.fromEntries(Object.entries(props).flatMap(([k, p]) => (p && p.default !== undefined ? [[k, p.default]] : [])));
}
