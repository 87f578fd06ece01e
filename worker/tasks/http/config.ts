import { z } from 'zod';
import { outboundUrl } from '../../../lib/outbound/url';
import { secretField } from '../../define';

// RFC 9110 token; a value with CR or LF would split the request.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;
const NO_BODY = 'a body cannot be sent with GET or HEAD';
const BAD_NAME = "header names are letters, digits and !#$%&'*+-.^_`|~";
const BAD_VALUE = 'must not contain line breaks or NUL';

// Strict: a misspelt key (`acceptStatus`, `timeout`) is refused when the task is saved
// instead of being dropped and silently doing the default.
export const configSchema = z
  .strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET').describe('HTTP method'),
    // Credentials in a URL would end up in logs and errors; the outbound rule is checked again at run time.
    url: outboundUrl().describe('The http:// or https:// URL to request'),
    headers: z
      .record(z.string().regex(HEADER_NAME, BAD_NAME).meta({ errorMessage: BAD_NAME }), z.string().regex(HEADER_VALUE, BAD_VALUE).meta({ errorMessage: BAD_VALUE }))
      .default({})
      .describe('Request headers (values are never logged)'),
    body: z.string().optional().describe('Request body (write JSON text for JSON); with the envelope on, it arrives as the envelope\'s "body"'),
    envelope: z
      .boolean()
      .default(true)
      .describe("Send the body wrapped in a JSON envelope with the run's context and params (POST, PUT, PATCH, DELETE). Turn off for an API that expects the body exactly as written"),
    // Write-only like any secret field: a pasted key is sealed when saved; a reference stays readable.
    signingSecret: secretField(
      'Sign every call per Standard Webhooks, so the app can check that Sundial sent it: a whsec_… key, best kept under Settings → Secrets and named here as {{secrets.APP_SIGNING_SECRET}}',
    ).optional(),
    skipInTestMode: z.boolean().default(false).describe('In test mode, do not call at all (by default the call is made and says testMode: true, and the app decides what a dry run means)'),
    asyncCompletion: z
      .boolean()
      .default(false)
      .describe('A 202 answer keeps the run running until the app reports its outcome with the run token (or the task times out)'),
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

export type Config = z.output<typeof configSchema>;

export const sendsBody = (method: Config['method']) => method !== 'GET' && method !== 'HEAD';
