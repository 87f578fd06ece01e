import { isSealed, SEALED_PREFIX } from '../redact';
import { PIPELINE } from '../pipeline/config';
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
  if (handler !== PIPELINE) return openFields(ring, handler, config);
  const values: string[] = [];
  const opened = mapSteps(config, (step, stepConfig) => {
    const r = openFields(ring, step, stepConfig);
    values.push(...r.values);
    return r.config;
  });
  return { config: values.length ? opened : config, values };
}

/**
 * A pipeline keeps each step's config under the step's handler (lib/api/v1/task-config.ts
 * seals its fields bound to that handler): fn maps each step's config.
 */
function mapSteps(config: unknown, fn: (handler: string, config: unknown) => unknown): unknown {
  const steps = (config as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return config;
  const mapped = steps.map((step: unknown) => {
    const s = step as { handler?: unknown; config?: unknown } | null;
    return s && typeof s.handler === 'string' ? { ...s, config: fn(s.handler, s.config) } : step;
  });
  return { ...(config as object), steps: mapped };
}

function openFields(ring: () => Keyring, handler: string, config: unknown): { config: unknown; values: string[] } {
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
  if (handler !== PIPELINE) return resealFields(ring, handler, config);
  let changed = false;
  const next = mapSteps(config, (step, stepConfig) => {
    const r = stepConfig && typeof stepConfig === 'object' ? resealFields(ring, step, stepConfig as Record<string, unknown>) : null;
    if (r) changed = true;
    return r ?? stepConfig;
  });
  return changed ? (next as Record<string, unknown>) : null;
}

function resealFields(ring: Keyring, handler: string, config: Record<string, unknown>): Record<string, unknown> | null {
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
