import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addErrors from 'ajv-errors';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { handlers } from '../../../db/schema';
import { env } from '../../env';
import { OUTBOUND_KEYWORD, configUrlWarnings, outboundUrlProblem } from '../../outbound/url';
import type { FieldError } from '../../tasks/input';
import { invalid } from '../errors';

// Compiled schemas, by handler and by when that worker published it.
const compiled = new Map<string, { at: number; validate: ValidateFunction }>();
// Formats (uri, email, date-time) are checked too, so a bad URL is refused when saved, not when run.
// errorMessage (ajv-errors) lets a handler word a rule JSON Schema can only state (a body on GET).
const ajv = addErrors(addFormats(new Ajv2020({ allErrors: true, strict: false })));

// A URL the worker will call (lib/outbound/url.ts): refused here when it can never be called.
ajv.addKeyword({
  keyword: OUTBOUND_KEYWORD,
  type: 'string',
  errors: true,
  validate: function check(enabled: boolean, value: string) {
    // An unparseable URL is the uri format's to report.
    const problem = enabled && URL.canParse(value) ? outboundUrlProblem(value) : null;
    (check as { errors?: Partial<ErrorObject>[] }).errors = problem ? [{ keyword: OUTBOUND_KEYWORD, message: problem, params: {} }] : [];
    return !problem;
  },
});

// "must match then schema" and "property name must be valid" repeat the error the branch already gave.
const said = (e: ErrorObject) => e.keyword !== 'if' && e.keyword !== 'propertyNames';

/**
 * Check a task's config against the JSON Schema its handler's workers published (the web
 * app never imports handler code). 422 with `config.<path>` fields, or for an unknown handler.
 * Returns the schema it checked against, and warnings: what is valid but will be refused at
 * run time as the deployment stands.
 */
export async function assertHandlerConfig(db: Db, handler: string, config: unknown): Promise<{ schema: unknown; warnings: FieldError[] }> {
  const [entry] = await db.select().from(handlers).where(eq(handlers.key, handler));
  if (!entry) {
    const known = (await db.select({ key: handlers.key }).from(handlers)).map((h) => h.key);
    throw invalid([{ field: 'handler', message: known.length ? `unknown handler "${handler}"; workers offer ${known.join(', ')}` : 'no worker has published its handlers yet; start a worker' }]);
  }
  let cached = compiled.get(handler);
  if (!cached || cached.at !== entry.updatedAt.getTime()) {
    cached = { at: entry.updatedAt.getTime(), validate: ajv.compile(entry.configSchema as object) };
    compiled.set(handler, cached);
  }
  if (cached.validate(config ?? {})) {
    const warnings = configUrlWarnings(entry.configSchema, (config ?? {}) as Record<string, unknown>, env().SUNDIAL_OUTBOUND_ALLOW);
    return { schema: entry.configSchema, warnings: warnings.map((w) => ({ ...w, field: `config.${w.field}` })) };
  }
  throw invalid(
    (cached.validate.errors ?? []).filter(said).map((e) => {
      // A missing or an unknown key is named as the field itself, not as its parent object.
      const key =
        e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : null;
      const message = e.keyword === 'additionalProperties' ? 'is not a setting of this handler' : (e.message ?? 'is invalid');
      return { field: `config${`${e.instancePath}${key === null ? '' : `/${key}`}`.replaceAll('/', '.')}`, message };
    }),
  );
}
