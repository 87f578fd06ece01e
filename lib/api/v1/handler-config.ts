import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { handlers } from '../../../db/schema';
import { invalid } from '../errors';

// Compiled schemas, by handler and by when that worker published it.
const compiled = new Map<string, { at: number; validate: ValidateFunction }>();
// Formats (uri, email, date-time) are checked too, so a bad URL is refused when saved, not when run.
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));

/**
 * Check a task's config against the JSON Schema its handler's workers published (the web
 * app never imports handler code). 422 with `config.<path>` fields, or for an unknown handler.
 * Returns the schema it checked against.
 */
export async function assertHandlerConfig(db: Db, handler: string, config: unknown): Promise<unknown> {
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
  if (cached.validate(config ?? {})) return entry.configSchema;
  throw invalid(
    (cached.validate.errors ?? []).map((e) => {
      const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
      return { field: `config${`${e.instancePath}${missing}`.replaceAll('/', '.')}`, message: e.message ?? 'is invalid' };
    }),
  );
}
