import { Webhook } from 'standardwebhooks';
import { NonRetryableError } from '../../../lib/engine/errors';
import { publicUrl } from '../../../lib/public-url';
import type { TaskContext } from '../../define';
import { sendsBody, type Config } from './config';

// What every call tells the app about its run. Apps depend on these names: change them only
// by adding. Documented in README.md (Handlers → http).

// Past this, params are left out of the Sundial-Params header (servers cap headers at ~8 KB).
const PARAMS_HEADER_MAX = 4096;

export type Envelope = {
  run: { id: number; taskId: string; taskName: string; scheduledFor: string; attempt: number; trigger: string; testMode: boolean };
  params: Record<string, unknown>;
  /** In a pipeline, the results of the steps before this one, by step name; else empty. */
  steps: Readonly<Record<string, unknown>>;
  /** The configured body: its JSON when it parses, else the text; null when there is none. */
  body: unknown;
  /** Where and how the app reports on this run (logs, progress, heartbeat, finish) until it ends. */
  callback: { url: string; token: string };
};

export function envelopeOf(ctx: TaskContext<Config>): Envelope {
  return {
    run: {
      id: ctx.runId,
      taskId: ctx.taskId,
      taskName: ctx.taskName,
      scheduledFor: ctx.scheduledFor.toISOString(),
      attempt: ctx.attempt,
      trigger: ctx.trigger,
      testMode: ctx.testMode,
    },
    params: ctx.params,
    steps: ctx.steps,
    body: parsedOrText(ctx.config.body),
    callback: { url: callbackUrl(ctx.runId), token: ctx.runToken },
  };
}

export const callbackUrl = (runId: number) => `${publicUrl()}/api/v1/runs/${runId}`;

function parsedOrText(body: string | undefined): unknown {
  if (body === undefined) return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** The request body as sent, and the context headers every call carries. */
export function requestOf(ctx: TaskContext<Config>): { body: string | undefined; headers: [string, string][] } {
  const { method, envelope } = ctx.config;
  const wrapped = envelope && sendsBody(method);
  const body = wrapped ? JSON.stringify(envelopeOf(ctx)) : ctx.config.body;
  const headers: [string, string][] = [
    ['sundial-run-id', String(ctx.runId)],
    ['sundial-task-id', ctx.taskId],
    // Percent-encoded: a header value is ASCII.
    ['sundial-task-name', encodeURIComponent(ctx.taskName)],
    ['sundial-scheduled-for', ctx.scheduledFor.toISOString()],
    ['sundial-attempt', String(ctx.attempt)],
    ['sundial-trigger', ctx.trigger],
    ['sundial-test-mode', String(ctx.testMode)],
  ];
  if (wrapped) headers.push(['content-type', 'application/json']);
  else {
    const params = asciiJson(ctx.params);
    if (params.length <= PARAMS_HEADER_MAX) headers.push(['sundial-params', params]);
    else ctx.log(`params (${params.length} bytes) left out of the Sundial-Params header; send them with the envelope (POST) instead`, 'warn');
  }
  // The token goes only to an app that reports back: the envelope's reader, or one that may answer 202.
  if (wrapped || ctx.config.asyncCompletion) headers.push(['sundial-callback-url', callbackUrl(ctx.runId)], ['sundial-run-token', ctx.runToken]);
  return { body, headers };
}

/** JSON with every non-ASCII character escaped, so it is a valid header value and still the same JSON. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Standard Webhooks headers for a body: webhook-id is the run id, the same when a handed-back
 * run is called again, so an app can drop a repeat; each retry is a new run and a new id.
 */
export function signatureHeaders(secret: string, runId: number, body: string | undefined): [string, string][] {
  let hook: Webhook;
  try {
    hook = new Webhook(secret);
  } catch {
    throw new NonRetryableError('the signing secret is not a Standard Webhooks key: set it to whsec_ followed by base64 (for example: echo "whsec_$(openssl rand -base64 32)")');
  }
  const id = `run_${runId}`;
  const at = new Date();
  return [
    ['webhook-id', id],
    ['webhook-timestamp', String(Math.floor(at.getTime() / 1000))],
    ['webhook-signature', hook.sign(id, at, body ?? '')],
  ];
}
