import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../lib/auth/api-keys';
import { users } from '../../../db/schema';
import { withApiEnvironment } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';
import { request, withWebServer } from '../../helpers/web-server';

// Point 7 of issue 10: walk the served OpenAPI document and send every operation generated
// bad bodies, query strings and ids with an admin key. No answer may be a 5xx, and a refused
// request must leave the database as it was.

const database = withTestDatabase();
withApiEnvironment(database);
const server = withWebServer(database);

type Operation = { method: string; path: string; query: string[]; body?: { properties?: Record<string, unknown> } };
let operations: Operation[] = [];
let auth: Record<string, string>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  auth = { authorization: `Bearer ${(await createApiKey(database.db, { name: 'fuzzer', role: 'admin' })).key}` };
  const [user] = await database.db.insert(users).values({ email: 'fuzz@example.com', role: 'viewer', passwordHash: 'x' }).returning();
  Object.assign(ids, { '/users/': user!.id, '/api-keys/': (await createApiKey(database.db, { name: 'target', role: 'viewer' })).record.id, '/secrets/': 'FUZZ_TARGET' });
  const secret = await request(server, 'POST', '/api/v1/secrets', { headers: auth, body: JSON.stringify({ name: 'FUZZ_TARGET', value: 'v' }) });
  expect(secret.status).toBe(201);

  const doc = JSON.parse((await request(server, 'GET', '/api/openapi.json', { headers: auth })).text) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: { 'application/json': { schema: Operation['body'] } } } }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: op.requestBody?.content['application/json'].schema,
    })),
  );
});

const nested = (depth: number): unknown => {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = depth % 2 ? [value] : { a: value };
  return value;
};
const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/** The inputs that once reached Postgres and came back as 500, and their relatives. */
const nasty = fc.constantFrom<unknown>(
  '\u0000', 'a\u0000b', '', ' ', '-'.repeat(36), '0000-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-02-30 00:00:00+00', '9999-12-31T23:59:59-14:00',
  2147483648, -2147483649, 9007199254740993, 1e308, -1, 0, 1.5, true, null, [], {}, 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  cursorOf(['2024-02-30 00:00:00+00', '1']), cursorOf(['name', 'x', '-'.repeat(36)]), cursorOf(['nextRun', '0000-01-01 00:00:00+00', '00000000-0000-0000-0000-000000000000']), cursorOf(['name', '\u0000', '00000000-0000-0000-0000-000000000000']),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nasty, weight: 6 },
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.integer({ min: 33, max: 400 }).map(nested),
  fc.dictionary(fc.string(), nasty, { maxKeys: 3 }),
);
const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
// Mostly the known offenders: with a dozen runs per operation, plain random text rarely finds them.
const text = fc.oneof({ arbitrary: nasty.map(asText), weight: 4 }, { arbitrary: value.map(asText), weight: 1 });

/** A task with a run of its own for each operation: a DELETE that succeeded must not turn the rest into 404s. */
let fixtures = 0;
async function freshTargets(): Promise<void> {
  const task = await makeTask(database, { name: `fuzz target ${++fixtures}`, schedule: { kind: 'manual' } });
  const { rows } = await database.pool.query(`insert into runs (task_id, trigger, scheduled_for) values ($1, 'api', now()) returning id`, [task.id]);
  Object.assign(ids, { '/tasks/': task.id, '/runs/': String(rows[0].id) });
}

const idFor = (path: string) =>
  fc.oneof(
    { arbitrary: fc.constant(Object.entries(ids).find(([prefix]) => path.startsWith(prefix))?.[1] ?? '0'), weight: 3 },
    { arbitrary: fc.constantFrom('%00', '-'.repeat(36), '2147483648', '0', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '..%2F..%2Fhealth'), weight: 1 },
  );

// A valid body per operation, so that one bad field deep inside it gets past the others.
const task = {
  name: 'fuzzed',
  description: 'd',
  tags: ['t'],
  handler: 'http',
  config: { url: 'https://example.com/hook', method: 'POST', headers: { 'x-a': 'b' }, body: '{}', timeoutSeconds: 5 },
  schedule: { kind: 'interval', everySeconds: 3600, anchor: '2026-01-01T00:00:00Z' },
  policy: { misfireGraceSeconds: 60, maxAttempts: 2, backoffSeconds: 1, timeoutSeconds: 60, rateLimit: { key: 'k', max: 1, perSeconds: 60 } },
  notify: { events: { success: true }, incidentAfter: 2, callbackUrl: 'https://example.com/alert' },
};
const examples: Record<string, unknown> = {
  'POST /api/v1/tasks': task,
  'PUT /api/v1/tasks/{id}': { ...task, version: 1 },
  'PATCH /api/v1/tasks/{id}': { description: 'x', schedule: { kind: 'once', at: '2030-01-01T00:00:00Z' }, policy: { maxAttempts: 3 } },
  'POST /api/v1/tasks/{id}/run': { params: { account: 'a', since: '2026-01-01' }, testMode: true },
  'POST /api/v1/schedules/preview': { schedule: { kind: 'cron', expression: '0 2 * * *', timezone: 'America/New_York' }, from: '2026-03-08T00:00:00Z', count: 5 },
  'POST /api/v1/api-keys': { name: 'k', role: 'viewer', expiresAt: '2030-01-01T00:00:00Z' },
  'POST /api/v1/users': { email: 'new@example.com', name: 'n', role: 'viewer', password: 'a long enough password' },
  'PATCH /api/v1/users/{id}': { name: 'n', role: 'operator' },
  'PUT /api/v1/scheduler': { paused: false },
  'PATCH /api/v1/settings': { schedulerPaused: false, retention: { runsDays: 30, logsDays: 7 } },
  'POST /api/v1/secrets': { name: 'NEW_SECRET', value: 'v' },
  'PUT /api/v1/secrets/{name}': { value: 'v2' },
};

/** Every path to a value inside `example`, such as ["schedule", "anchor"]. */
function leaves(example: unknown, at: string[] = []): string[][] {
  if (!example || typeof example !== 'object') return [at];
  return [at, ...Object.entries(example).flatMap(([k, v]) => leaves(v, [...at, k]))];
}
function withValue(example: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(example) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = replacement;
  return copy;
}

function bodyFor(op: Operation): fc.Arbitrary<string | undefined> {
  if (!op.body) return fc.constant(undefined);
  const fields = Object.keys(op.body.properties ?? {});
  const shaped = fields.length ? fc.record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] }) : fc.dictionary(fc.string(), value);
  const example = examples[`${op.method} ${op.path}`];
  const oneBadField = example === undefined ? shaped : fc.tuple(fc.constantFrom(...leaves(example)), value).map(([path, v]) => withValue(example, path, v));
  return fc.oneof(
    { arbitrary: oneBadField.map((o) => JSON.stringify(o)), weight: 4 },
    { arbitrary: shaped.map((o) => JSON.stringify(o)), weight: 1 },
    { arbitrary: value.map((v) => JSON.stringify(v) ?? ''), weight: 1 },
    { arbitrary: fc.constantFrom('{', '{"a":', '\u0000', '[]', '"x"', `{"x":"\\u0000"}`), weight: 1 },
  );
}

function queryFor(op: Operation): fc.Arbitrary<string> {
  const names = [...op.query, 'unknown'];
  return fc.dictionary(fc.constantFrom(...names), text, { maxKeys: 3 }).map((q) => new URLSearchParams(q as Record<string, string>).toString());
}

/** Everything a refused request could have changed; API keys without lastUsedAt, which any call may touch. */
async function fingerprint(): Promise<string> {
  const { rows } = await database.pool.query(`select md5(concat_ws('|',
    (select string_agg(t::text, ',' order by id) from tasks t),
    (select string_agg(r::text, ',' order by id) from runs r),
    (select string_agg(u::text, ',' order by id) from users u),
    (select string_agg(concat_ws(':', id, name, role, revoked_at), ',' order by id) from api_keys),
    (select string_agg(s::text, ',' order by key) from settings s),
    (select string_agg(concat_ws(':', name, md5(sealed::text), updated_at), ',' order by name) from secrets),
    (select count(*) || ':' || coalesce(max(id), 0) from audit_log))) as print`);
  return rows[0].print;
}

describe('every operation of the OpenAPI document, with generated bad input', () => {
  it('never answers 5xx, and a refused request changes nothing', async () => {
    expect(operations.length).toBeGreaterThan(25);
    for (const [index, op] of operations.entries()) {
      await freshTargets();
      const input = fc.record({ id: idFor(op.path.replace('/api/v1', '')), query: queryFor(op), body: bodyFor(op) });
      await fc.assert(
        fc.asyncProperty(input, async ({ id, query, body }) => {
          const path = `${op.path.replace(/\{\w+\}/, id)}${query ? `?${query}` : ''}`;
          const before = await fingerprint();
          const answer = await request(server, op.method, path, { headers: auth, body });
          expect(answer.status, `${op.method} ${path} ${body ?? ''}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(answer.headers['content-type'], `${op.method} ${path}`).toMatch(/application\/json/);
            expect(await fingerprint(), `${op.method} ${path} ${body ?? ''} answered ${answer.status} but changed the database`).toBe(before);
          }
        }),
        { numRuns: 15, seed: 10_000 + index, endOnFailure: true },
      );
    }
  });
});

describe('unknown API paths', () => {
  it.each([
    ['GET', '/api/v1/no-such-thing'],
    ['POST', '/api/v1/tasks/00000000-0000-0000-0000-000000000000/no-such-action'],
    ['DELETE', '/api/v2/tasks'],
  ])('%s %s answers a JSON 404', async (method, path) => {
    const answer = await request(server, method, path, { headers: auth });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(answer.text).error.code).toBe('not_found');
  });
});
