import type { z } from 'zod';
import { type Db } from '../../db/client';
import { getDb } from '../db';
import type { ApiKeyRole } from '../../db/schema';
import { clientIp } from '../auth/client-ip';
import { authenticate, type Principal } from '../auth/principal';
import { allows } from '../auth/roles';
import { writeAudit, type AuditInput } from '../audit';
import { zodFieldErrors } from '../tasks/input';
import { AppError, invalid } from './errors';
import { webLog } from '../log';
import { parseJsonBody, parseQuery } from './input-guard';
import { assertSameOrigin } from './same-origin';

// Large enough that an oversized field reaches validation and gets a field message.
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `text` answers a non-JSON body (such as a CSV download, which streams) with its content type instead of `body`. */
export type Handled = { status?: number; body?: unknown; text?: { content: string | ReadableStream<Uint8Array>; contentType: string }; headers?: Record<string, string>; audit?: AuditInput };
type Ctx<B, Q> = { req: Request; db: Db; principal: Principal; ip: string; body: B; query: Q; params: Record<string, string> };
type NextContext = { params: Promise<Record<string, string | string[]>> };

/**
 * Every API route goes through here: authenticate (API key or session), check the role,
 * refuse cross-origin browser mutations, validate query and body with zod, run, write the
 * audit entry, and map errors. A route without this wrapper is a security bug.
 */
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: { role: ApiKeyRole; body?: B; query?: Q; transaction?: false; prepare?: (body: unknown) => unknown },
  handler: (ctx: Ctx<B extends z.ZodType ? z.output<B> : undefined, Q extends z.ZodType ? z.output<Q> : undefined>) => Promise<Handled>,
) {
  const handle = async (req: Request, context?: NextContext): Promise<Response> => {
    try {
      const db = getDb();
      const principal = await authenticate(req.headers, db);
      if (!principal) throw new AppError('unauthorized', 'sign in, or send an API key as "Authorization: Bearer <key>" or "X-API-Key: <key>"');
      if (!allows(principal.role, spec.role)) throw new AppError('forbidden', `this needs the ${spec.role} role; you have ${principal.role}`);
      if (MUTATIONS.has(req.method) && principal.kind === 'user') assertSameOrigin(req.headers);
      const query = spec.query ? parse(spec.query, parseQuery(req.url)) : undefined;
      // `prepare` may expand the body before it is checked (a task template and its overrides).
      const body = spec.body ? parse(spec.body, spec.prepare ? spec.prepare(await readJson(req)) : await readJson(req)) : undefined;
      const raw = (await context?.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
      const ip = clientIp(req.headers);
      const run = async (db: Db) => {
        const result = await handler({ req, db, principal, ip, body, query, params } as never);
        if (result.audit) await writeAudit(db, principal, ip, result.audit);
        return result;
      };
      // A change and its audit entry commit together or not at all: a failure in either
      // (even a thrown AppError after a write) rolls both back. Reads need no transaction, nor
      // a long poll (it would hold a connection while it waits; it writes no audit entry).
      const result = MUTATIONS.has(req.method) && spec.transaction !== false ? await db.transaction((tx) => run(tx as unknown as Db)) : await run(db);
      if (result.status === 204) return new Response(null, { status: 204, headers: result.headers });
      if (result.text) return new Response(result.text.content, { status: result.status ?? 200, headers: { ...result.headers, 'content-type': result.text.contentType } });
      return Response.json(result.body ?? null, { status: result.status ?? 200, headers: result.headers });
    } catch (err) {
      if (err instanceof AppError) return err.toResponse();
      webLog().error({ err, method: req.method, path: new URL(req.url).pathname }, 'unexpected API error');
      return new AppError('internal', 'unexpected error; it has been logged').toResponse();
    }
  };
  // The OpenAPI document reads the same schemas this route validates with.
  return Object.assign(handle, { spec: spec as RouteSpec });
}

/** `run_token`: the route takes a run token instead (run-token-route.ts). */
export type RouteSpec = { role: ApiKeyRole | 'run_token'; body?: z.ZodType; query?: z.ZodType; transaction?: false };
export type RouteHandler = ((req: Request, context?: NextContext) => Promise<Response>) & { spec: RouteSpec };

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(zodFieldErrors(result.error));
  return result.data;
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError('payload_too_large', `the body is over ${MAX_BODY_BYTES / 1024} KiB`);
  return parseJsonBody(text);
}
