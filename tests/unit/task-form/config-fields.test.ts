import { describe, expect, it } from 'vitest';
import { defaultsFromSchema, fieldsFromSchema, labelFor } from '../../../lib/task-form/config-fields';
import { configFromJson, configFromValues, valuesFromConfig } from '../../../lib/task-form/config-values';
import { catalogEntry } from '../../../worker/define';
import { http } from '../../../worker/tasks/http';
import { sleep } from '../../../worker/tasks/sleep';
import { noop } from '../../../worker/tasks/noop';

// The schemas exactly as workers publish them to the catalog.
const httpSchema = catalogEntry(http as never).configSchema;
const sleepSchema = catalogEntry(sleep as never).configSchema;

describe('fieldsFromSchema', () => {
  it('maps the http handler: enum to select, url to text, headers to rows, statuses to a number list', () => {
    const fields = fieldsFromSchema(httpSchema)!;
    const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
    expect(fields.map((f) => f.key)).toEqual(['url', 'method', 'body', 'signingSecret', 'timeoutSeconds', 'maxBodyBytes', 'acceptStatuses', 'envelope', 'skipInTestMode', 'asyncCompletion', 'headers']);
    expect(byKey.method).toMatchObject({ kind: 'select', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'], required: false, label: 'Method' });
    expect(byKey.url).toMatchObject({ kind: 'text', required: true, label: 'URL', description: 'The http:// or https:// URL to request' });
    expect(byKey.headers).toMatchObject({ kind: 'map' });
    expect(byKey.body).toMatchObject({ kind: 'text' });
    expect(byKey.acceptStatuses).toMatchObject({ kind: 'list', items: 'integer' });
    expect(byKey.timeoutSeconds).toMatchObject({ kind: 'number', integer: false, minimum: 1, maximum: 3600 });
    expect(byKey.maxBodyBytes).toMatchObject({ kind: 'number', integer: true });
    expect(byKey.signingSecret).toMatchObject({ kind: 'text', secret: true, required: false });
    expect(byKey.envelope).toMatchObject({ kind: 'boolean', default: true });
  });

  it('orders fields the same whatever the key order (jsonb sorts keys by length)', () => {
    const shuffled = { ...httpSchema, properties: Object.fromEntries(Object.entries(httpSchema.properties as object).reverse()) };
    expect(fieldsFromSchema(shuffled)!.map((f) => f.key)).toEqual(['url', 'method', 'signingSecret', 'body', 'maxBodyBytes', 'timeoutSeconds', 'acceptStatuses', 'asyncCompletion', 'skipInTestMode', 'envelope', 'headers']);
  });

  it('maps booleans to checkboxes, and an object without properties (noop) to no fields', () => {
    expect(fieldsFromSchema(sleepSchema)!.map((f) => [f.key, f.kind])).toEqual([
      ['seconds', 'number'],
      ['childProcess', 'boolean'],
      ['fail', 'boolean'],
    ]);
    expect(fieldsFromSchema(catalogEntry(noop as never).configSchema)).toEqual([]);
  });

  it('falls back to JSON for what it cannot render, and to no fields for a non-object schema', () => {
    const fields = fieldsFromSchema({ type: 'object', properties: { nested: { type: 'object', properties: { a: { type: 'string' } } }, pairs: { type: 'array', items: { type: 'object' } } } })!;
    expect(fields.map((f) => f.kind)).toEqual(['json', 'json']);
    expect(fieldsFromSchema({ type: 'array' })).toBeNull();
    expect(fieldsFromSchema(null)).toBeNull();
  });

  it('reads defaults and makes labels from keys', () => {
    expect(defaultsFromSchema(httpSchema)).toEqual({ method: 'GET', headers: {}, envelope: true, skipInTestMode: false, asyncCompletion: false, acceptStatuses: [], timeoutSeconds: 30, maxBodyBytes: 65536 });
    expect(labelFor('maxBodyBytes')).toBe('Max body bytes');
    expect(labelFor('webhook_url')).toBe('Webhook URL');
  });
});

describe('config values', () => {
  const fields = fieldsFromSchema(httpSchema)!;

  it('round-trips a config through the inputs', () => {
    const config = { method: 'POST', url: 'https://example.com/hook', headers: { Authorization: 'Bearer x', 'X-A': '1' }, body: '{}', acceptStatuses: [200, 202], timeoutSeconds: 5, maxBodyBytes: 1024, envelope: false, skipInTestMode: true, asyncCompletion: false };
    const values = valuesFromConfig(fields, config);
    expect(values.acceptStatuses).toBe('200, 202');
    expect(values.headers).toEqual([
      ['Authorization', 'Bearer x'],
      ['X-A', '1'],
    ]);
    expect(configFromValues(fields, values)).toEqual({ config, errors: [] });
  });

  it('leaves empty optional inputs out and reports a missing required one', () => {
    const values = valuesFromConfig(fields, { method: 'GET' });
    expect(configFromValues(fields, values)).toEqual({
      // A flag left out of a stored config opens as its default, so saving keeps it.
      config: { method: 'GET', headers: {}, acceptStatuses: [], envelope: true, skipInTestMode: false, asyncCompletion: false },
      errors: [{ field: 'config.url', message: 'is required' }],
    });
  });

  it('names bad numbers, lists and rows with config.<key> paths', () => {
    const values = { ...valuesFromConfig(fields, { url: 'http://x' }), timeoutSeconds: 'soon', maxBodyBytes: '1.5', acceptStatuses: '200, abc', headers: [['', 'v']] as [string, string][] };
    expect(configFromValues(fields, values).errors).toEqual([
      { field: 'config.timeoutSeconds', message: 'must be a number' },
      { field: 'config.maxBodyBytes', message: 'must be a whole number' },
      { field: 'config.acceptStatuses', message: '"abc" must be a number; separate numbers with commas' },
      { field: 'config.headers', message: 'every row needs a name' },
    ]);
    expect(configFromValues(fields, { ...values, headers: [['A', '1'], ['A', '2']], acceptStatuses: '', timeoutSeconds: '0', maxBodyBytes: '' }).errors).toEqual([
      { field: 'config.timeoutSeconds', message: 'must be at least 1' },
      { field: 'config.headers', message: '"A" appears twice' },
    ]);
  });

  it('keeps config keys the form does not show', () => {
    expect(configFromValues(fields, valuesFromConfig(fields, { url: 'http://x' }), { extra: 1, url: 'old' }).config).toMatchObject({ extra: 1, url: 'http://x' });
  });

  it('reads the JSON text area, refusing anything but an object', () => {
    expect(configFromJson('{"url":"http://x"}')).toEqual({ config: { url: 'http://x' } });
    expect(configFromJson('')).toEqual({ config: {} });
    expect(configFromJson('[1]')).toEqual({ error: expect.stringContaining('must be a JSON object') });
    expect(configFromJson('{url')).toEqual({ error: expect.stringContaining('is not valid JSON') });
  });
});

describe('secret fields', () => {
  it('a field marked with secretField() is a write-only text field', async () => {
    const { vault } = await import('../../fixtures/handlers');
    const fields = fieldsFromSchema(catalogEntry(vault as never).configSchema)!;
    expect(fields.find((f) => f.key === 'dsn')).toMatchObject({ kind: 'text', secret: true, required: true });
    expect(fields.find((f) => f.key === 'label')).not.toHaveProperty('secret');
  });
});
