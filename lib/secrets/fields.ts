import { isSealed, SEALED_PREFIX } from '../redact';
import { open, seal, sealedKeyId, type Keyring } from './crypto';

// Config fields a handler marks secret (writeOnly in its JSON Schema, from secretField() in
// worker/define.ts) are sealed in the task's config itself, like a named secret: the form
// and the API show them as set or unset, and only the worker opens them.

// Bound to the handler and field: a sealed value pasted into another field does not open.
const context = (handler: string, key: string) => `field:${handler}:${key}`;

/** The top-level properties a handler's config JSON Schema marks writeOnly. */
export function secretFieldKeys(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, { writeOnly?: boolean }> } | null)?.properties ?? {};
  return Object.entries(properties)
    .filter(([, p]) => p?.writeOnly === true)
    .map(([key]) => key);
}

/** Seal each secret field typed in plain text. One that names a secret ({{secrets.X}}) holds no secret itself and stays readable. */
export function sealSecretFields(ring: Keyring, handler: string, config: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out = { ...config };
  for (const key of keys) {
    const value = out[key];
    if (typeof value !== 'string' || value === '' || isSealed(value) || value.includes('{{')) continue;
    out[key] = SEALED_PREFIX + seal(ring, value, context(handler, key));
  }
  return out;
}

/** For the worker: the config with its sealed fields opened, and the values opened. The keyring is read only when a field is sealed. */
export function openSecretFields(ring: () => Keyring, handler: string, config: unknown): { config: unknown; values: string[] } {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return { config, values: [] };
  const values: string[] = [];
  const opened = Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (typeof value !== 'string' || !isSealed(value)) return [key, value];
      const plain = open(ring(), value.slice(SEALED_PREFIX.length), context(handler, key));
      values.push(plain);
      return [key, plain];
    }),
  );
  return { config: values.length ? opened : config, values };
}

/** A config with every field sealed under an older key sealed again under the current one; null when none was. */
export function resealSecretFields(ring: Keyring, handler: string, config: Record<string, unknown>): Record<string, unknown> | null {
  let changed = false;
  const out = Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (typeof value !== 'string' || !isSealed(value)) return [key, value];
      const sealed = value.slice(SEALED_PREFIX.length);
      if (sealedKeyId(sealed) === ring.current.id) return [key, value];
      changed = true;
      return [key, SEALED_PREFIX + seal(ring, open(ring, sealed, context(handler, key)), context(handler, key))];
    }),
  );
  return changed ? out : null;
}
