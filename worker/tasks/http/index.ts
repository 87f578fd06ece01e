import { HandedOverError, NonRetryableError, RateLimitedError } from '../../../lib/engine/errors';
import { OutboundRefusedError } from '../../../lib/outbound/rule';
import { outboundFetch } from '../../../lib/outbound/request';
import { defineTask, type TaskContext } from '../../define';
import { configSchema, type Config } from './config';
import { requestOf, signatureHeaders } from './context';
import { bodyValue, parseRetryAfter, readCapped } from './response';

export const http = defineTask({
  key: 'http',
  title: 'HTTP request',
  description:
    "Calls a URL with the run's context (headers, and a JSON envelope with params for POST), signed per Standard Webhooks when a signing secret is set. Fails on an unexpected status; honors Retry-After on 429 and 503; an app may answer 202 and report back later.",
  configSchema,
  run: async (ctx) => {
    const { method, url, acceptStatuses, skipInTestMode, asyncCompletion } = ctx.config;
    if (ctx.testMode && skipInTestMode) {
      ctx.log(`test mode: skipped ${method} ${url} (skipInTestMode)`);
      return { skipped: true, method, url };
    }
    const started = performance.now();
    const { response, body, truncated } = await send(ctx);
    const durationMs = Math.round(performance.now() - started);
    const { status } = response;
    ctx.log(`${method} ${url} -> ${status} in ${durationMs} ms`);

    if (asyncCompletion && status === 202) {
      throw new HandedOverError(`the app answered 202: the run goes on until it reports back with its run token, or times out`);
    }
    const accepted = acceptStatuses.length ? acceptStatuses.includes(status) : status >= 200 && status < 300;
    const contentType = response.headers.get('content-type');
    if (accepted) return { status, ok: response.ok, durationMs, body: bodyValue(body, truncated, contentType), truncated, contentType };
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : null;
    if (retryAfterMs !== null) throw new RateLimitedError(retryAfterMs);
    const snippet = body.trim().slice(0, 200);
    const message = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''} from ${method} ${url}${snippet ? `: ${snippet}` : ''}`;
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new NonRetryableError(message);
    throw new Error(message);
  },
});

/** Sends the request and reads the capped body, turning failures into errors the engine can act on. */
async function send(ctx: TaskContext<Config>) {
  const { method, url, timeoutSeconds, maxBodyBytes, signingSecret } = ctx.config;
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  const request = requestOf(ctx);
  // Configured headers first: the context headers and the signature are Sundial's and win.
  const headers = buildHeaders([...Object.entries(ctx.config.headers), ...request.headers, ...(signingSecret ? signatureHeaders(signingSecret, ctx.runId, request.body) : [])]);
  // The request is the side effect: not sent once this worker may have lost the run.
  ctx.checkpoint();
  try {
    const response = await outboundFetch(url, {
      method,
      headers: [...headers],
      body: request.body,
      signal: AbortSignal.any([ctx.signal, timeout]),
      onRedirect: (status, to) => ctx.log(`${status} -> ${to.origin}${to.pathname}`),
    });
    return { response, ...(await readCapped(response, maxBodyBytes)) };
  } catch (err) {
    if (err instanceof OutboundRefusedError) throw new NonRetryableError(`${method} ${url}: ${err.message}`);
    // The engine tells timeout from cancel by the run signal's own reason.
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (timeout.aborted) throw new Error(`request timed out after ${timeoutSeconds}s`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new Error(`${method} ${url} failed: ${detail}`, { cause: err });
  }
}

/** Builds headers one by one so a bad one is named without echoing its (possibly secret) value. */
function buildHeaders(entries: [string, string][]): Headers {
  const headers = new Headers();
  for (const [name, value] of entries) {
    try {
      headers.set(name, value);
    } catch {
      throw new NonRetryableError(`invalid header "${name}" (bad name or value)`);
    }
  }
  return headers;
}
