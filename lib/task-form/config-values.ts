import type { ConfigField, ConfigValues, FieldValue } from './config-fields';
import type { FieldError } from './errors';

/** A config as the form's inputs show it (defaults already merged in by the caller). */
export function valuesFromConfig(fields: ConfigField[], config: Record<string, unknown>): ConfigValues {
  return Object.fromEntries(fields.map((f) => [f.key, valueOf(f, config[f.key])]));
}

function valueOf(field: ConfigField, value: unknown): FieldValue {
  switch (field.kind) {
    case 'boolean':
      // An absent flag is its default: opening and saving a task must not turn a default-on flag off.
      return value === undefined ? field.default === true : value === true;
    case 'map':
      return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value).map(([k, v]) => [k, String(v)]) : [];
    case 'list':
      return Array.isArray(value) ? value.join(', ') : '';
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2);
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

type Parsed = { value?: unknown; error?: string };

function parseNumber(text: string, integer: boolean): Parsed {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return { error: 'must be a number' };
  if (integer && !Number.isInteger(n)) return { error: 'must be a whole number' };
  return { value: n };
}

function parse(field: ConfigField, raw: FieldValue | undefined): Parsed {
  const text = typeof raw === 'string' ? raw : '';
  switch (field.kind) {
    case 'boolean':
      return { value: raw === true };
    case 'text':
    case 'select':
      return text === '' ? {} : { value: text };
    case 'number': {
      if (text.trim() === '') return {};
      const parsed = parseNumber(text, field.integer);
      if (parsed.error) return parsed;
      const n = parsed.value as number;
      if (field.minimum !== undefined && n < field.minimum) return { error: `must be at least ${field.minimum}` };
      if (field.maximum !== undefined && n > field.maximum) return { error: `must be at most ${field.maximum}` };
      return parsed;
    }
    case 'list': {
      const items = text.split(',').map((s) => s.trim()).filter(Boolean);
      if (field.items === 'string') return { value: items };
      const numbers = items.map((s) => parseNumber(s, field.items === 'integer'));
      const bad = numbers.findIndex((p) => p.error);
      return bad >= 0 ? { error: `"${items[bad]}" ${numbers[bad]!.error}; separate numbers with commas` } : { value: numbers.map((p) => p.value) };
    }
    case 'map': {
      const rows = (Array.isArray(raw) ? raw : []).filter(([k, v]) => k.trim() !== '' || v !== '');
      if (rows.some(([k]) => k.trim() === '')) return { error: 'every row needs a name' };
      const keys = rows.map(([k]) => k.trim());
      const dup = keys.find((k, i) => keys.indexOf(k) !== i);
      if (dup) return { error: `"${dup}" appears twice` };
      return { value: Object.fromEntries(rows.map(([k, v]) => [k.trim(), v])) };
    }
    case 'json': {
      if (text.trim() === '') return {};
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: 'must be valid JSON' };
      }
    }
  }
}

/**
 * The config the form's inputs describe, over `base` (keys the form does not show are kept).
 * Errors carry `config.<key>` paths, the same the server uses.
 */
export function configFromValues(fields: ConfigField[], values: ConfigValues, base: Record<string, unknown> = {}): { config: Record<string, unknown>; errors: FieldError[] } {
  const config: Record<string, unknown> = { ...base };
  const errors: FieldError[] = [];
  for (const field of fields) {
    const { value, error } = parse(field, values[field.key]);
    delete config[field.key];
    if (error) errors.push({ field: `config.${field.key}`, message: error });
    else if (value !== undefined) config[field.key] = value;
    else if (field.required) errors.push({ field: `config.${field.key}`, message: 'is required' });
  }
  return { config, errors };
}

/** The config as the "edit as JSON" text area shows it, and back. */
export const configToJson = (config: Record<string, unknown>) => JSON.stringify(config, null, 2);

export function configFromJson(text: string): { config: Record<string, unknown> } | { error: string } {
  try {
    const value = JSON.parse(text.trim() === '' ? '{}' : text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'must be a JSON object, such as {"url": "https://example.com"}' };
    return { config: value as Record<string, unknown> };
  } catch (err) {
    return { error: `is not valid JSON: ${(err as Error).message}` };
  }
}
