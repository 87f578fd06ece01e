import { encode } from 'next-auth/jwt';
import { beforeAll } from 'vitest';
import { publishCatalog } from '../../db/queries/engine/catalog';
import { catalogEntry } from '../../worker/define';
import { builtInTasks } from '../../worker/tasks';
import { createApiKey } from '../../lib/auth/api-keys';
import { hashPassword } from '../../lib/auth/password';
import { startSession } from '../../lib/auth/sessions';
import { users, type ApiKeyRole } from '../../db/schema';
import type { TestDatabase } from './db';

export const SECRET = 'test-secret-that-is-long-enough-for-next-auth';
/** Seals named secrets in tests; the in-process worker opens them with the same one. */
export const SECRET_KEY = 'test-secret-key-that-is-long-enough-to-seal-values';
export type Caller = { label: string; role: ApiKeyRole | null; headers: Record<string, string>; userId?: string };
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Point the app's shared pool at this file's database before any route runs. */
export function withApiEnvironment(database: TestDatabase): void {
  beforeAll(async () => {
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET = SECRET;
    process.env.SUNDIAL_SECRET_KEY ??= SECRET_KEY;
    // What a worker publishes at start: the API checks task configs against it.
    await publishCatalog(database.pool, 'test', builtInTasks.map(catalogEntry));
  });
}

/** A signed-in user of each role, an API key of each role, and nobody. */
export async function makeCallers(database: TestDatabase): Promise<Caller[]> {
  const callers: Caller[] = [{ label: 'no auth', role: null, headers: {} }];
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const [user] = await database.db
      .insert(users)
      .values({ email: `${role}-${Date.now()}@test`, role, passwordHash: await hashPassword('password123') })
      .returning();
    callers.push({ label: `${role} session`, role, headers: await sessionHeaders(database, user!.id), userId: user!.id });
    const { key } = await createApiKey(database.db, { name: `${role} key`, role });
    callers.push({ label: `${role} API key`, role, headers: { authorization: `Bearer ${key}` } });
  }
  return callers;
}

/** The cookie of a new session for this user, as signing in would set it. */
export async function sessionHeaders(database: TestDatabase, userId: string): Promise<Record<string, string>> {
  const sid = await startSession(database.db, userId, '127.0.0.1');
  const token = await encode({ token: { sub: userId, sid }, secret: SECRET });
  return { cookie: `next-auth.session-token=${token}` };
}

/** Call a route handler as Next would, with a same-origin browser's headers. */
export async function call(
  handler: Handler,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown; rawBody?: string; params?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies freely
): Promise<{ status: number; body: any; headers: Headers }> {
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const req = new Request(`http://localhost:3000${path}`, {
    method,
    headers: { host: 'localhost:3000', origin: 'http://localhost:3000', 'content-type': 'application/json', ...opts.headers },
    body,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}
