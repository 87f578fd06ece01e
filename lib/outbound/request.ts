import { fetch, Headers, type Agent, type Response } from 'undici';
import { env } from '../env';
import { guardedAgent } from './agent';
import { OutboundRefusedError, type AllowList } from './rule';

export type OutboundResponse = Response;

export type OutboundRequest = {
  method?: string;
  headers?: Record<string, string> | [string, string][];
  body?: string;
  signal?: AbortSignal;
  /** Defaults to SUNDIAL_OUTBOUND_ALLOW. */
  allow?: AllowList;
  /** Told of each redirect followed, e.g. to log it. */
  onRedirect?: (status: number, to: URL) => void;
};

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Sent to one origin, never passed on to another one a redirect names.
const ORIGIN_BOUND_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

const agents = new WeakMap<AllowList, Agent>();
function agentFor(allow: AllowList): Agent {
  let agent = agents.get(allow);
  if (!agent) agents.set(allow, (agent = guardedAgent(allow)));
  return agent;
}

function assertScheme(url: URL): void {
  if (url.protocol === 'http:' || url.protocol === 'https:') return;
  const scheme = url.protocol.replace(/:$/, '');
  throw new OutboundRefusedError({ address: scheme, host: '', allowable: false, reason: `${scheme}: is not http or https` });
}

/** undici wraps connector errors in "fetch failed"; a refusal is worth showing as itself. */
function unwrapRefusal(err: unknown): unknown {
  const cause = (err as { cause?: unknown })?.cause;
  return cause instanceof OutboundRefusedError ? cause : err;
}

/**
 * The one way Sundial calls out (http handler, and later webhooks and Slack). Every address it
 * connects to, including each of up to 5 redirects it follows itself, passes the outbound rule.
 */
export async function outboundFetch(url: string | URL, init: OutboundRequest = {}): Promise<Response> {
  const dispatcher = agentFor(init.allow ?? env().SUNDIAL_OUTBOUND_ALLOW);
  const headers = new Headers(init.headers);
  let current = new URL(url);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body;
  for (let redirects = 0; ; redirects++) {
    assertScheme(current);
    const response = await fetch(current, { method, headers, body, redirect: 'manual', signal: init.signal, dispatcher }).catch((err: unknown) => {
      throw unwrapRefusal(err);
    });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => {});
    if (redirects === MAX_REDIRECTS) throw new Error(`stopped after ${MAX_REDIRECTS} redirects (the last one to ${new URL(location, current).origin})`);
    const next = new URL(location, current);
    // As browsers do: 303 turns into GET, and so do 301/302 after a POST.
    if ((response.status === 303 && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      for (const name of ['content-type', 'content-length', 'content-encoding']) headers.delete(name);
    }
    if (next.origin !== current.origin) for (const name of ORIGIN_BOUND_HEADERS) headers.delete(name);
    init.onRedirect?.(response.status, next);
    current = next;
  }
}
