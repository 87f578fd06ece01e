import { AppError } from '../api/errors';
import { TEMPLATES, templateByKey, type Template } from './catalog';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A task body from a template and the fields given beside it: a given field replaces the
 * template's, except `config`, `policy` and `notify`, whose keys are laid over the template's
 * (so `{"template": "csv-import", "config": {"url": …}}` keeps the rest of its config).
 */
export function applyTemplate(template: Template, overrides: Record<string, unknown>): Record<string, unknown> {
  const base: Record<string, unknown> = { ...template.task };
  for (const [key, value] of Object.entries(overrides)) {
    base[key] = ['config', 'policy', 'notify'].includes(key) && isObject(value) && isObject(base[key]) ? { ...base[key], ...value } : value;
  }
  return base;
}

/** For POST /tasks: a body naming a template becomes that template's task; any other body is left as it is. */
export function fromTemplate(body: unknown): unknown {
  if (!isObject(body) || body.template === undefined) return body;
  const { template: key, ...overrides } = body;
  const template = typeof key === 'string' ? templateByKey(key) : undefined;
  if (!template) {
    throw new AppError('validation_failed', 'no such template', [{ field: 'template', message: `unknown template; templates are ${TEMPLATES.map((t) => t.key).join(', ')}` }]);
  }
  return applyTemplate(template, overrides);
}
