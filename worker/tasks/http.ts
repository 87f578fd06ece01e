import { z } from 'zod';
import { NonRetryableError, RateLimitedError } from '../../lib/engine/errors';
import { OutboundRefusedError } from '../../lib/outbound/rule';
import { outboundFetch, type OutboundResponse } from '../../lib/outbound/request';
import { outboundUrl } from '../../lib/outbound/url';
import { defineTask, type TaskContext } from '../define';

const DAY_MS = 86_400_000;
// RFC 9110 token; a value with CR or LF would split the request.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;
const NO_BODY = 'a body cannot be sent with GET or HEAD';
const BAD_NAME = "header names are letters, digits and !#$%&'*+-.^_`|~";
const BAD_VALUE = 'must not contain line breaks or NUL';

const configSchema = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET').describe('HTTP method'),
    // Credentials in a URL would end up in logs and errors; the outbound rule is checked again at run time.
    url: outboundUrl().describe('The http:// or https:// URL to request'),
    headers: z
      .record(z.string().regex(HEADER_NAME, BAD_NAME).meta({ errorMessage: BAD_NAME }), z.string().regex(HEADER_VALUE, BAD_VALUE).meta({ errorMessage: BAD_VALUE }))
      .default({})
      .describe('Request headers (values are never logged)'),
    body: z.string().optional().describe('Request body, sent as is (write JSON text for JSON)'),
    acceptStatuses: z
      .array(z.number().int().min(100).max(599))
      .default([])
      .describe('Status codes that count as success; empty means any 2xx'),
    timeoutSeconds: z.number().min(1).max(3600).default(30).describe('Timeout for the request, in seconds'),
    maxBodyBytes: z
      .number()
      .int()
      .min(0)
      .max(1_048_576)
      .default(65_536)
      .describe('Keep at most this many bytes of the response body'),
  })
  .refine((c) => c.body === undefined || (c.method !== 'GET' && c.method !== 'HEAD'), { message: NO_BODY, path: ['body'] })
  // The same rule for the web app, which checks configs against the JSON Schema (an absent method is GET).
  .meta({ if: { properties: { method: { enum: ['GET', 'HEAD'] } } }, then: { properties: { body: { not: {}, errorMessage: NO_BODY } } } });

type Config = z.output<typeof configSchema>;

export const http = defineTask({
  key: 'http',
  title: 'HTTP request',
  description: 'Sends an HTTP request and fails on an unexpected status. Honors Retry-After on 429 and 503.',
  configSchema,
  run: async (ctx) => {
    const { method, url, acceptStatuses } = ctx.config;
    if (ctx.testMode && method !== 'GET' && method !== 'HEAD') {
      ctx.log(`test mode: skipped ${method} ${url} (only GET and HEAD are sent in a dry run)`);
      return { skipped: true, method, url };
    }
    const started = performance.now();
    const { response, body, truncated } = await send(ctx);
    const durationMs = Math.round(performance.now() - started);
    const { status } = response;
    ctx.log(`${method} ${url} -> ${status} in ${durationMs} ms`);

    const accepted = acceptStatuses.length ? acceptStatuses.includes(status) : status >= 200 && status < 300;
    if (accepted) {
      return { status, ok: response.ok, durationMs, body, truncated, contentType: response.headers.get('content-type') };
    }
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
  const { method, url, body, timeoutSeconds, maxBodyBytes } = ctx.config;
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  const headers = buildHeaders(ctx.config.headers);
  // The request is the side effect: not sent once this worker may have lost the run.
  ctx.checkpoint();
  try {
    const response = await outboundFetch(url, {
      method,
      headers: [...headers],
      body,
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
function buildHeaders(record: Record<string, string>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    try {
      headers.set(name, value);
    } catch {
      throw new NonRetryableError(`invalid header "${name}" (bad name or value)`);
    }
  }
  return headers;
}

/** Reads at most `cap` bytes, then cancels the rest so a huge response costs neither memory nor time. */
async function readCapped(response: OutboundResponse, cap: number): Promise<{ body: string; truncated: boolean }> {
  if (!response.body) return { body: '', truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let body = '';
  let remaining = cap;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { body: body + decoder.decode(), truncated: false };
    if (value.byteLength > remaining) {
      void reader.cancel().catch(() => {});
      // stream: true holds back a multi-byte character cut at the cap instead of emitting U+FFFD.
      return { body: body + decoder.decode(value.subarray(0, remaining), { stream: true }), truncated: true };
    }
    body += decoder.decode(value, { stream: true });
    remaining -= value.byteLength;
  }
}

/** Retry-After as delta-seconds or an HTTP date, clamped to [1 s, 24 h]; null when absent or unreadable. */
function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  if (Number.isNaN(ms)) return null;
  return Math.min(Math.max(ms, 1000), DAY_MS);
}
