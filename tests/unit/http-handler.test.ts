import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { HandedOverError, NonRetryableError, RateLimitedError, RunAbortedError } from '../../lib/engine/errors';
import type { TaskContext } from '../../worker/define';
import { http } from '../../worker/tasks/http';

type Config = ReturnType<typeof http.configSchema.parse>;

let server: Server;
let base: string;
const hits: string[] = [];

/** Routes by path; each route answers like the kind of server a user would point the task at. */
function handle(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  hits.push(`${req.method} ${path}`);
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const send = (status: number, body = '', headers: Record<string, string> = {}) => {
      res.writeHead(status, headers).end(body);
    };
    switch (path) {
      case '/json':
        return send(200, JSON.stringify({ hello: 'world' }), { 'content-type': 'application/json', 'set-cookie': 'sid=cookie-secret' });
      case '/missing':
        return send(404, 'no such thing here', { 'content-type': 'text/plain' });
      case '/boom':
        return send(500, 'internal trouble');
      case '/limited':
        return send(429, 'slow down', { 'retry-after': '7' });
      case '/limited-no-header':
        return send(429, 'slow down');
      case '/unavailable':
        return send(503, '', { 'retry-after': new Date(Date.now() + 5000).toUTCString() });
      case '/big':
        return send(200, 'x'.repeat(200 * 1024), { 'content-type': 'text/plain' });
      case '/echo':
        return send(200, JSON.stringify({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() }), {
          'content-type': 'application/json',
        });
      case '/accepted':
        return send(202, '{"queued":true}', { 'content-type': 'application/json' });
      case '/slow': {
        const timer = setTimeout(() => send(200, 'finally'), 5000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      default:
        return send(418);
    }
  });
}

beforeAll(async () => {
  // The handler calls a server on this host, which the outbound rule refuses unless allowed.
  process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function makeCtx(input: Record<string, unknown>, options: { testMode?: boolean; controller?: AbortController; params?: Record<string, unknown>; steps?: Record<string, unknown> } = {}) {
  const logs: string[] = [];
  const controller = options.controller ?? new AbortController();
  const ctx: TaskContext<Config> = {
    runId: 1,
    taskId: 'task-1',
    taskName: 'ping',
    config: http.configSchema.parse(input),
    params: options.params ?? {},
    signal: controller.signal,
    log: (message) => logs.push(message),
    progress: () => {},
    testMode: options.testMode ?? false,
    attempt: 1,
    scheduledFor: new Date(),
    trigger: 'manual',
    runToken: 'sdr_1_1_00000000_x',
    step: async (_name, fn) => fn(),
    steps: options.steps ?? {},
    call: () => Promise.reject(new Error('not used')),
    spawn: () => {
      throw new Error('not used');
    },
    checkpoint: () => controller.signal.throwIfAborted(),
    db: {} as never,
    batch: () => {
      throw new Error('not used');
    },
  };
  return { ctx, logs, controller };
}

async function failure(input: Record<string, unknown>): Promise<Error> {
  const { ctx } = makeCtx(input);
  try {
    await http.run(ctx);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the run to fail');
}

describe('http task', () => {
  it('returns status, JSON body and content type of a 200, and logs one line without header values', async () => {
    const { ctx, logs } = makeCtx({ url: `${base}/json`, headers: { authorization: 'Bearer header-secret' } });
    const result = await http.run(ctx);
    expect(result).toMatchObject({
      status: 200,
      ok: true,
      body: { hello: 'world' },
      truncated: false,
      contentType: 'application/json',
    });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(new RegExp(`^GET ${base}/json -> 200 in \\d+ ms$`));
    expect(logs.join('\n')).not.toMatch(/header-secret|cookie-secret/);
  });

  it('accepts a listed status and rejects a 404 by default without retry', async () => {
    const { ctx } = makeCtx({ url: `${base}/missing`, acceptStatuses: [404] });
    expect(await http.run(ctx)).toMatchObject({ status: 404, ok: false, body: 'no such thing here' });

    const err = await failure({ url: `${base}/missing` });
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe(`HTTP 404 Not Found from GET ${base}/missing: no such thing here`);
  });

  it('fails a 500 with a retryable error', async () => {
    const err = await failure({ url: `${base}/boom` });
    expect(err).not.toBeInstanceOf(NonRetryableError);
    expect(err).not.toBeInstanceOf(RateLimitedError);
    expect(err.message).toMatch(/^HTTP 500 Internal Server Error from GET .*\/boom: internal trouble$/);
  });

  it('defers on 429 with Retry-After seconds and on 503 with a Retry-After date', async () => {
    const limited = await failure({ url: `${base}/limited` });
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7000);

    const unavailable = await failure({ url: `${base}/unavailable` });
    expect(unavailable).toBeInstanceOf(RateLimitedError);
    expect((unavailable as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(3000);
    expect((unavailable as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(6000);
  });

  it('fails a 429 without Retry-After with a plain retryable error', async () => {
    const err = await failure({ url: `${base}/limited-no-header` });
    expect(err).not.toBeInstanceOf(RateLimitedError);
    expect(err).not.toBeInstanceOf(NonRetryableError);
    expect(err.message).toContain('HTTP 429');
  });

  it('keeps at most maxBodyBytes of a large body and says it was truncated', async () => {
    const { ctx } = makeCtx({ url: `${base}/big`, maxBodyBytes: 1000 });
    const result = (await http.run(ctx)) as { body: string; truncated: boolean };
    expect(result.body.length).toBeLessThanOrEqual(1000);
    expect(result.body.length).toBeGreaterThan(0);
    expect(result.truncated).toBe(true);
  });

  it('sends the body and headers of a POST as written when the envelope is off', async () => {
    const { ctx, logs } = makeCtx({
      method: 'POST',
      url: `${base}/echo`,
      headers: { 'content-type': 'application/json', 'x-api-key': 'key-secret' },
      body: '{"n":1}',
      envelope: false,
    });
    const result = (await http.run(ctx)) as { body: { method: string; headers: Record<string, string>; body: string } };
    const echoed = result.body;
    expect(echoed).toMatchObject({ method: 'POST', body: '{"n":1}' });
    expect(echoed.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'key-secret' });
    expect(logs.join('\n')).not.toMatch(/key-secret|"n":1/);
  });

  type Echo = { method: string; headers: Record<string, string>; body: string };
  const SECRET = `whsec_${Buffer.from('a signing key of thirty-two byte').toString('base64')}`;

  it("wraps a POST's body in an envelope with the run's context and params, signed per Standard Webhooks", async () => {
    const params = { account: 'acc-1', note: 'café' };
    // As a pipeline's second step: the first step's result goes along.
    const steps = { scrape: { status: 200, body: { articles: 3 } } };
    const { ctx } = makeCtx({ method: 'POST', url: `${base}/echo`, body: '{"n":1}', signingSecret: SECRET }, { testMode: true, params, steps });
    const echoed = ((await http.run(ctx)) as { body: Echo }).body;
    expect(JSON.parse(echoed.body)).toEqual({
      run: { id: 1, taskId: 'task-1', taskName: 'ping', scheduledFor: ctx.scheduledFor.toISOString(), attempt: 1, trigger: 'manual', testMode: true },
      params,
      steps,
      body: { n: 1 },
      callback: { url: expect.stringMatching(/\/api\/v1\/runs\/1$/), token: 'sdr_1_1_00000000_x' },
    });
    expect(echoed.headers).toMatchObject({ 'content-type': 'application/json', 'sundial-run-id': '1', 'sundial-test-mode': 'true', 'sundial-run-token': 'sdr_1_1_00000000_x', 'webhook-id': 'run_1' });
    // What an app does with the standardwebhooks package: a changed byte fails.
    expect(() => new Webhook(SECRET).verify(echoed.body, echoed.headers)).not.toThrow();
    expect(() => new Webhook(SECRET).verify(echoed.body.replace('acc-1', 'acc-2'), echoed.headers)).toThrow();
  });

  it('sends the context and params as headers on a GET, and no token unless the app may answer 202', async () => {
    const { ctx } = makeCtx({ url: `${base}/echo` }, { params: { day: 'lundi', city: 'Zürich' } });
    const echoed = ((await http.run(ctx)) as { body: Echo }).body;
    expect(echoed.headers).toMatchObject({ 'sundial-run-id': '1', 'sundial-task-name': 'ping', 'sundial-attempt': '1', 'sundial-trigger': 'manual', 'sundial-test-mode': 'false' });
    expect(JSON.parse(echoed.headers['sundial-params']!)).toEqual({ day: 'lundi', city: 'Zürich' });
    expect(echoed.headers['sundial-run-token']).toBeUndefined();
    expect(echoed.headers['webhook-signature']).toBeUndefined();
  });

  it('hands the run over on a 202 when the task waits for the app, and succeeds on it otherwise', async () => {
    await expect(http.run(makeCtx({ method: 'POST', url: `${base}/accepted`, asyncCompletion: true }).ctx)).rejects.toBeInstanceOf(HandedOverError);
    expect(await http.run(makeCtx({ method: 'POST', url: `${base}/accepted` }).ctx)).toMatchObject({ status: 202, body: { queued: true } });
  });

  it('refuses a signing secret that is not a Standard Webhooks key, without retrying', async () => {
    const err = await failure({ method: 'POST', url: `${base}/echo`, signingSecret: 'not base64 at all!' });
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(/whsec_/);
    expect(err.message).not.toContain('not base64 at all!');
  });

  it('skips the call in test mode only when the task asks for it', async () => {
    const before = hits.length;
    const { ctx, logs } = makeCtx({ method: 'POST', url: `${base}/echo`, body: 'x', skipInTestMode: true }, { testMode: true });
    expect(await http.run(ctx)).toEqual({ skipped: true, method: 'POST', url: `${base}/echo` });
    expect(hits.length).toBe(before);
    expect(logs.join('\n')).toMatch(/skipped POST/);
  });

  it('stops promptly with the run signal reason when the run is aborted', async () => {
    const { ctx, controller } = makeCtx({ url: `${base}/slow` });
    const reason = new RunAbortedError('cancelled');
    const started = Date.now();
    setTimeout(() => controller.abort(reason), 100);
    await expect(http.run(ctx)).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('fails with "timed out" when the server is slower than timeoutSeconds', async () => {
    const err = await failure({ url: `${base}/slow`, timeoutSeconds: 1 });
    expect(err).not.toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe('request timed out after 1s');
  });

  it('reports an unreachable server with its URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure({ url });
    expect(err).not.toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe(`GET ${url} failed: ECONNREFUSED`);
  });

  it('rejects configs that cannot work', () => {
    const parse = (input: Record<string, unknown>) => http.configSchema.safeParse(input).success;
    expect(parse({ url: 'ftp://example.com/file' })).toBe(false);
    expect(parse({ url: 'https://user:pass@example.com/' })).toBe(false);
    expect(parse({ url: 'https://example.com/', body: 'x' })).toBe(false);
    expect(parse({ url: 'https://example.com/', acceptStatuses: [600] })).toBe(false);
    // A misspelt key is refused, not dropped.
    expect(parse({ url: 'https://example.com/', acceptStatus: [200] })).toBe(false);
    expect(http.configSchema.parse({ url: 'https://example.com/' })).toEqual({
      method: 'GET',
      url: 'https://example.com/',
      headers: {},
      envelope: true,
      skipInTestMode: false,
      asyncCompletion: false,
      acceptStatuses: [],
      timeoutSeconds: 30,
      maxBodyBytes: 65_536,
    });
  });
});
