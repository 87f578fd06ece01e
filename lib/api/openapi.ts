import { z } from 'zod';
import { sundialVersion } from '../version';
import { endpoints, type Documented } from './v1/registry';
import { responseSchemas } from './v1/responses';

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

// The document declares its own dialect; an embedded $schema would be noise.
const outputSchema = (schema: z.ZodType) => {
  const json: Record<string, unknown> = z.toJSONSchema(schema, { io: 'output' });
  delete json.$schema;
  return json;
};

const pageOf = (item: string, total: boolean) => ({
  type: 'object',
  required: ['items', 'nextCursor', ...(total ? ['total'] : [])],
  additionalProperties: false,
  properties: {
    items: { type: 'array', items: ref(item) },
    nextCursor: { type: ['string', 'null'], description: 'Pass as cursor for the next page; null on the last' },
    ...(total ? { total: { type: 'integer', description: 'How many match the filters, on every page' } } : {}),
  },
});

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, description: s.description, schema: s }));
}

function success(e: Documented) {
  if (e.status === 204) return { description: 'Done' };
  if (!e.text) return { description: 'OK', content: { 'application/json': { schema: e.response ? ref(e.response) : { type: 'object' } } } };
  const headers = Object.fromEntries(Object.entries(e.text.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
  return { description: 'OK', headers, content: { [e.text.mediaType]: { schema: { type: 'string' } } } };
}

const access = (role: string) =>
  role === 'run_token'
    ? { description: "Needs the run's token (sdr_…), not an API key.", 'x-required-role': role, security: [{ runToken: [] }] }
    : { description: `Needs the ${role} role.`, 'x-required-role': role };

/** OpenAPI 3.1, built from the schemas the routes validate with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const full = `/api/v1${e.path}`;
    const pathParams = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    (paths[full] ??= {})[e.method.toLowerCase()] = {
      summary: e.summary,
      ...access(e.handler.spec.role),
      parameters: [...pathParams, ...queryParameters(e.handler.spec.query)],
      ...(e.handler.spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(e.handler.spec.body, { io: 'input' }) } } } } : {}),
      responses: {
        [e.status]: success(e),
        ...(e.noContent ? { 204: { description: e.noContent } } : {}),
        400: error('Malformed JSON'),
        401: error('No valid session or API key'),
        403: error('The role is too low, or a browser request came from another origin'),
        404: error('Not found'),
        409: error('A name that is taken, or a stale version'),
        422: error('Invalid fields'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sundial API', version: sundialVersion, description: 'Self-hosted scheduled tasks. Errors are {"error": {"code", "message", "fields"?}}.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { apiKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer sdk_…' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'The dashboard session' },
        runToken: { type: 'http', scheme: 'bearer', description: "A run token (Authorization: Bearer sdr_…) from a remote claim, or the http handler's callback: good for one attempt of one run while it runs" },
      },
      schemas: {
        Error: errorSchema,
        ...Object.fromEntries(Object.entries(responseSchemas).map(([name, schema]) => [name, outputSchema(schema)])),
        TaskPage: pageOf('Task', true),
        RunPage: pageOf('Run', false),
        IncidentPage: pageOf('Incident', false),
      },
    },
    paths,
  };
}
