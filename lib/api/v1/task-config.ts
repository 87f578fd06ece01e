import { inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { secrets } from '../../../db/schema';
import { isSealed, keepRedacted, redactionMarks } from '../../redact';
import { sealSecretFields, secretFieldKeys } from '../../secrets/fields';
import { secretKeyring } from '../../secrets/keys';
import { replaceReferences, secretReferences } from '../../secrets/references';
import type { FieldError } from '../../tasks/input';
import { AppError, invalid } from '../errors';
import { PIPELINE, pipelineConfigSchema } from '../../pipeline/config';
import { assertHandlerConfig } from './handler-config';

/**
 * The config a save stores. Every role reads configs redacted, so a client that sends back a
 * value exactly as it was shown keeps the stored one; a redaction mark that is left over is a
 * copy of a value nobody saw, and is refused rather than saved. Each {{secrets.NAME}} must
 * name a stored secret, so that a typo fails now rather than at 3 a.m. Fields the handler
 * marks secret are sealed last, after the schema saw their plain value.
 */
export async function configToSave(
  db: Db,
  handler: string,
  config: Record<string, unknown> | undefined,
  stored?: unknown,
): Promise<{ config: Record<string, unknown>; warnings: FieldError[] }> {
  const value = ((stored === undefined ? config : keepRedacted(config, stored)) as Record<string, unknown> | undefined) ?? {};
  const marks = redactionMarks(value).map((path) => ({ field: `config.${path}`, message: 'holds a redacted value: type the value again, or use {{secrets.NAME}}' }));
  const errors = [...marks, ...(await referenceErrors(db, value))];
  if (errors.length > 0) throw invalid(errors);
  // The handler's schema sees a stand-in where a secret goes: a URL with {{...}} in it is not yet a URL.
  const stand = (v: unknown) => (isSealed(v) ? 'secret' : v);
  const { schema, warnings } = await assertHandlerConfig(db, handler, replaceReferences(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stand(v)])), () => 'secret'));
  if (handler === PIPELINE) return pipelineToSave(db, value, warnings);
  const keys = secretFieldKeys(schema);
  return { config: keys.length > 0 ? sealSecretFields(secretKeyring(), handler, value, keys) : value, warnings };
}

/**
 * A pipeline's steps are checked against their own handlers' schemas, as a task of that
 * handler would be, and their secret fields sealed bound to that handler.
 */
async function pipelineToSave(db: Db, value: Record<string, unknown>, warnings: FieldError[]): Promise<{ config: Record<string, unknown>; warnings: FieldError[] }> {
  const parsed = pipelineConfigSchema.safeParse(value);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ field: ['config', ...i.path].join('.'), message: i.message })));
  const errors: FieldError[] = [];
  const steps: Record<string, unknown>[] = [];
  for (const [i, step] of parsed.data.steps.entries()) {
    const at = `config.steps.${i}.config`;
    try {
      const saved = await configToSave(db, step.handler, step.config);
      warnings.push(...saved.warnings.map((w) => ({ ...w, field: w.field.replace(/^config/, at) })));
      steps.push({ ...step, config: saved.config });
    } catch (err) {
      if (!(err instanceof AppError) || !err.fields) throw err;
      errors.push(...err.fields.map((f) => ({ ...f, field: f.field === 'handler' ? `config.steps.${i}.handler` : f.field.replace(/^config/, at) })));
    }
  }
  if (errors.length > 0) throw invalid(errors);
  return { config: { ...value, steps }, warnings };
}

async function referenceErrors(db: Db, config: unknown): Promise<FieldError[]> {
  const { references, bad } = secretReferences(config);
  const errors = bad.map((b) => ({ field: `config.${b.path}`, message: 'has a malformed secret reference: write {{secrets.NAME}}, NAME in capital letters, digits and _' }));
  const names = [...new Set(references.map((r) => r.name))];
  if (names.length === 0) return errors;
  const known = new Set((await db.select({ name: secrets.name }).from(secrets).where(inArray(secrets.name, names))).map((s) => s.name));
  for (const r of references) {
    if (!known.has(r.name)) errors.push({ field: `config.${r.path}`, message: `there is no secret named ${r.name}: an admin adds it under Settings → Secrets` });
  }
  return errors;
}
