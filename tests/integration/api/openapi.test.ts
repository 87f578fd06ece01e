import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { GET as openApi } from '../../../app/api/openapi.json/route';
import { getTaskRoute, listTasksRoute, runTaskRoute } from '../../../lib/api/v1/tasks';
import { getRunRoute, listRunsRoute, taskRunsRoute } from '../../../lib/api/v1/runs';
import { workersRoute } from '../../../lib/api/v1/catalog';
import { markWorkerStopped, registerWorker } from '../../../db/queries/workers';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { root } from '../../helpers/processes';
import { makeTask } from '../../helpers/tasks';
import { claim, remoteTask, report, runNow, workerKey } from '../../helpers/remote';

const database = withTestDatabase();
withApiEnvironment(database);

type Doc = { openapi: string; paths: Record<string, Record<string, { 'x-required-role': string }>> };
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
let viewer: Caller;
const fetchDoc = async () => {
  viewer ??= (await makeCallers(database)).find((c) => c.label === 'viewer API key')!;
  const res = await call(openApi, 'GET', '/api/openapi.json', { headers: viewer.headers });
  expect(res.status).toBe(200);
  return res.body;
};

/** /api/v1/tasks/{id}/run -> app/api/v1/tasks/[id]/run/route.ts */
const fileFor = (apiPath: string) => path.join(root, 'app', apiPath.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(full) : e.name === 'route.ts' ? [full] : [];
  });
}

describe('/api/openapi.json', () => {
  it('needs credentials itself, like every /api route but /api/health', async () => {
    expect((await call(openApi, 'GET', '/api/openapi.json')).status).toBe(401);
  });

  it('documents routes that exist and refuse a caller without credentials', async () => {
    const doc = (await fetchDoc()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => [p, m.toUpperCase()] as const));
    expect(documented.length).toBeGreaterThanOrEqual(20);
    for (const [apiPath, method] of documented) {
      const mod = (await import(pathToFileURL(fileFor(apiPath)).href)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
      expect(typeof mod[method], `${method} ${apiPath}`).toBe('function');
      const req = new Request(`http://localhost:3000${apiPath.replace(/\{\w+\}/g, '1')}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      const res = await mod[method]!(req, { params: Promise.resolve({ id: '1' }) });
      expect(res.status, `${method} ${apiPath}`).toBe(401);
    }
  });

  it('describes the CSV export as the CSV it serves, with its row headers', async () => {
    const doc = (await fetchDoc()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> }>> };
    const ok = doc.paths['/api/v1/tasks/{id}/runs.csv']!.get!.responses['200']!;
    expect(Object.keys(ok.content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(ok.headers ?? {})).toEqual(['X-Row-Count', 'X-Row-Limit', 'X-Truncated']);
    expect(Object.keys(doc.paths['/api/v1/tasks']!.get!.responses['200']!.content ?? {})).toEqual(['application/json']);
  });

  it('documents every /api/v1 route file and method', async () => {
    const doc = (await fetchDoc()) as Doc;
    for (const file of routeFiles(path.join(root, 'app', 'api', 'v1'))) {
      const apiPath = `/${path.relative(path.join(root, 'app'), path.dirname(file)).replace(/\[(\w+)\]/g, '{$1}')}`;
      const source = fs.readFileSync(file, 'utf8');
      for (const method of METHODS.filter((m) => new RegExp(`as ${m}\\b`).test(source))) {
        expect(doc.paths[apiPath]?.[method.toLowerCase()], `${method} ${apiPath} is not documented`).toBeDefined();
      }
    }
  });

  it('describes request bodies with the same rules the routes enforce', async () => {
    const doc = (await fetchDoc()) as { paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { properties: Record<string, { maxLength?: number }>; additionalProperties?: boolean } } } } }>> };
    const create = doc.paths['/api/v1/tasks']!.post!.requestBody!.content['application/json'].schema;
    expect(create.properties.name!.maxLength).toBe(200);
    expect(create.additionalProperties).toBe(false);
  });

  it('describes what the task, run and workers endpoints answer: real answers validate against the document', async () => {
    const doc = (await fetchDoc()) as { components: { schemas: object }; paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json'?: { schema: object } } }> }>> };
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
    ajv.addSchema({ $id: 'https://sundial.test/openapi', components: doc.components });
    const operator = (await makeCallers(database)).find((c) => c.label === 'operator API key')!;

    const task = await makeTask(database, { name: 'contract', tags: ['nightly'], schedule: { kind: 'cron', expression: '0 2 * * *', timezone: 'America/New_York' } });
    // The task list then carries the wall-clock kinds too, which the document must describe.
    await makeTask(database, { name: 'contract daily', schedule: { kind: 'daily', time: '08:00', timezone: 'America/New_York' } });
    await makeTask(database, { name: 'contract weekly', schedule: { kind: 'weekly', days: ['mon', 'fri'], time: '10:00', timezone: 'UTC' } });
    await makeTask(database, { name: 'contract once', schedule: { kind: 'once', at: '2099-01-01T00:00:00.000Z', timezone: 'Europe/Berlin' } });
    // One finished run with every optional field set, beside the queued one Run now makes.
    const { rows } = await database.pool.query<{ id: string }>(
      `insert into runs (task_id, trigger, status, scheduled_for, started_at, finished_at, duration_ms, lag_ms, worker_id, params, result, error_message, error_stack, reason)
       values ($1, 'schedule', 'failed', now() - interval '1 min', now() - interval '59 s', now() - interval '58 s', 1000, 1000, 'w1', '{"a":1}', '{"b":2}', 'boom', 'Error: boom', null) returning id`,
      [task.id],
    );
    const finished = rows[0]!.id;
    const id = { id: task.id };
    // A live worker and a stopped one (every nullable field set), beside the queued run.
    await registerWorker(database.db, { id: 'contract-live', hostname: 'box', pid: 1, version: 'test', schedulerEnabled: true, concurrency: 2 });
    await registerWorker(database.db, { id: 'contract-stopped', hostname: 'box', pid: 2, version: 'test', schedulerEnabled: false, concurrency: 1 });
    await markWorkerStopped(database.db, 'contract-stopped');
    const answers: [string, string, Awaited<ReturnType<typeof call>>][] = [
      ['/api/v1/tasks/{id}/run', 'post', await call(runTaskRoute, 'POST', `/api/v1/tasks/${task.id}/run`, { headers: operator.headers, body: { testMode: true }, params: id })],
      ['/api/v1/tasks', 'get', await call(listTasksRoute, 'GET', '/api/v1/tasks', { headers: operator.headers })],
      ['/api/v1/tasks/{id}', 'get', await call(getTaskRoute, 'GET', `/api/v1/tasks/${task.id}`, { headers: operator.headers, params: id })],
      ['/api/v1/tasks/{id}/runs', 'get', await call(taskRunsRoute, 'GET', `/api/v1/tasks/${task.id}/runs`, { headers: operator.headers, params: id })],
      ['/api/v1/runs', 'get', await call(listRunsRoute, 'GET', '/api/v1/runs', { headers: operator.headers })],
      ['/api/v1/runs/{id}', 'get', await call(getRunRoute, 'GET', `/api/v1/runs/${finished}`, { headers: operator.headers, params: { id: finished } })],
      ['/api/v1/workers', 'get', await call(workersRoute, 'GET', '/api/v1/workers', { headers: operator.headers })],
    ];
    for (const [apiPath, method, answer] of answers) {
      const documented = doc.paths[apiPath]![method]!.responses[String(answer.status)]?.content?.['application/json']?.schema;
      expect(documented, `${method} ${apiPath} answered ${answer.status}`).toBeDefined();
      const validate = ajv.compile({ $ref: `https://sundial.test/openapi${(documented as { $ref: string }).$ref}` });
      expect(validate(answer.body), `${method} ${apiPath}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect(answers[3]![2].body.items).toHaveLength(2);
    expect(answers[6]![2].body.items).toHaveLength(2);
    expect(answers[6]![2].body.queue).toMatchObject({ depth: 1, oldestAgeSeconds: expect.any(Number) });
  });

  it('describes what a remote worker is answered: real answers validate against the document', async () => {
    const doc = (await fetchDoc()) as { components: { schemas: object }; paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json'?: { schema: { $ref: string } } } }> }>> };
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
    ajv.addSchema({ $id: 'https://sundial.test/openapi', components: doc.components });
    const callers = await makeCallers(database);
    const key = await workerKey(callers.find((c) => c.label === 'admin API key')!, ['contract']);
    const task = await remoteTask(database, 'remote contract', 'contract');
    await runNow(callers.find((c) => c.label === 'operator API key')!, task.id, { a: 1 });
    const claimed = await claim(key, { worker: 'contract', waitSeconds: 0 });
    const { id } = claimed.body.run as { id: number };
    const token = claimed.body.token as string;
    const answers: [string, Awaited<ReturnType<typeof call>>][] = [
      ['/api/v1/remote/claim', claimed],
      ['/api/v1/runs/{id}/heartbeat', await report('heartbeat', id, token)],
      ['/api/v1/runs/{id}/logs', await report('logs', id, token, { lines: [{ message: 'hi' }] })],
      ['/api/v1/runs/{id}/progress', await report('progress', id, token, { progress: { done: 1 } })],
      ['/api/v1/runs/{id}/finish', await report('finish', id, token, { status: 'succeeded', result: { ok: true } })],
      ['/api/v1/workers', await call(workersRoute, 'GET', '/api/v1/workers', { headers: viewer.headers })],
    ];
    for (const [apiPath, answer] of answers) {
      const method = apiPath === '/api/v1/workers' ? 'get' : 'post';
      const documented = doc.paths[apiPath]![method]!.responses[String(answer.status)]?.content?.['application/json']?.schema;
      expect(documented, `${apiPath} answered ${answer.status}`).toBeDefined();
      const validate = ajv.compile({ $ref: `https://sundial.test/openapi${documented!.$ref}` });
      expect(validate(answer.body), `${apiPath}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect(doc.paths['/api/v1/remote/claim']!.post!.responses['204']).toBeDefined();
  });
});
