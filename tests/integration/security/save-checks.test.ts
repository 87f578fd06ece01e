import { beforeAll, describe, expect, it } from 'vitest';
import { createTaskRoute, patchTaskRoute } from '../../../lib/api/v1/tasks';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';

// Issue 10 point 11 (and the save-time half of point 3): configs that can only fail when
// they run were saved with 201. They are refused with 422 and a field message; what the
// allow-list decides is saved, with a warning.

const database = withTestDatabase();
withApiEnvironment(database);

let operator: Caller;
beforeAll(async () => {
  operator = (await makeCallers(database)).find((c) => c.label === 'operator API key')!;
});

const taskCount = async () => (await database.pool.query<{ n: number }>('select count(*)::int as n from tasks')).rows[0]!.n;
const post = (body: object) => call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator.headers, body: { schedule: { kind: 'manual' }, ...body } });
const http = (config: object, extra: object = {}) => post({ name: `t ${Math.random()}`, handler: 'http', config, ...extra });

async function expectRefused(send: () => ReturnType<typeof post>, field: string, message: RegExp) {
  const before = await taskCount();
  const res = await send();
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.error.fields).toContainEqual({ field, message: expect.stringMatching(message) });
  expect(await taskCount()).toBe(before);
}

describe('saving what can only fail at run time', () => {
  const urls: [string, RegExp][] = [
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['ftp://files.example.com/dump.sql', /http:\/\/ or https:\/\//],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['http://user:secret@example.com/', /must not contain credentials/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address; link-local and cloud metadata addresses are never called/],
    ['http://[fd00:ec2::254]/latest/meta-data/', /fd00:ec2::254 .*never called/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata\.google\.internal is a cloud metadata service/],
  ];
  for (const [url, message] of urls) {
    it(`refuses the URL ${url}`, () => expectRefused(() => http({ url }), 'config.url', message));
  }

  it('refuses a header value with CR/LF and a header name that is not one', async () => {
    await expectRefused(() => http({ url: 'https://example.com/', headers: { 'X-Ok': 'a\r\nX-Injected: 1' } }), 'config.headers.X-Ok', /line breaks/);
    await expectRefused(() => http({ url: 'https://example.com/', headers: { 'Bad Name': 'x' } }), 'config.headers', /header names are letters, digits/);
  });

  it('refuses a body on GET (also when the method is left to its default) and HEAD, and keeps one on POST', async () => {
    await expectRefused(() => http({ url: 'https://example.com/', body: '{"a":1}' }), 'config.body', /a body cannot be sent with GET or HEAD/);
    await expectRefused(() => http({ url: 'https://example.com/', method: 'HEAD', body: 'x' }), 'config.body', /a body cannot be sent with GET or HEAD/);
    expect((await http({ url: 'https://example.com/', method: 'POST', body: '{"a":1}' })).status).toBe(201);
  });

  it('refuses a javascript: or internal-metadata webhook URL', async () => {
    await expectRefused(() => post({ name: 'hook', handler: 'noop', notify: { callbackUrl: 'javascript:alert(1)' } }), 'notify.callbackUrl', /http:\/\/ or https:\/\//);
    await expectRefused(() => post({ name: 'hook', handler: 'noop', notify: { callbackUrl: 'http://169.254.169.254/' } }), 'notify.callbackUrl', /never called/);
  });

  it('holds cron to the minimum interval (60 s here): every second is refused, every minute is not', async () => {
    const cron = (expression: string) => post({ name: `cron ${expression}`, handler: 'noop', schedule: { kind: 'cron', expression, timezone: 'UTC' } });
    await expectRefused(() => cron('* * * * * *'), 'schedule.expression', /fires 1 s apart, below the 60 s minimum interval/);
    await expectRefused(() => cron('*/30 * * * * *'), 'schedule.expression', /30 s apart/);
    expect((await cron('* * * * *')).status).toBe(201);
    expect((await cron('0 * * * * *')).status).toBe(201);
  });

  it('checks a PATCH the same way', async () => {
    const { body: task } = await http({ url: 'https://example.com/' });
    const patch = (body: object) => call(patchTaskRoute, 'PATCH', '/x', { headers: operator.headers, params: { id: task.id }, body });
    await expectRefused(() => patch({ config: { url: 'file:///etc/passwd' } }), 'config.url', /http:\/\/ or https:\/\//);
    await expectRefused(() => patch({ notify: { callbackUrl: 'javascript:alert(1)' } }), 'notify.callbackUrl', /http:\/\/ or https:\/\//);
    await expectRefused(() => patch({ schedule: { kind: 'cron', expression: '* * * * * *', timezone: 'UTC' } }), 'schedule.expression', /minimum interval/);
  });
});

describe('saving what the allow-list decides', () => {
  it('saves a loopback, private or localhost URL with a warning that names the variable', async () => {
    for (const [url, address] of [
      ['http://127.0.0.1:3300/api/health', '127.0.0.1'],
      ['http://localhost:3300/', '127.0.0.1'],
      ['http://10.1.2.3/', '10.1.2.3'],
      ['http://[::1]/', '::1'],
    ]) {
      const res = await http({ url: url! });
      expect(res.status).toBe(201);
      expect(res.body.warnings).toEqual([{ field: 'config.url', message: expect.stringContaining(`${address}`) }]);
      expect(res.body.warnings[0].message).toMatch(/runs will be refused: .* add .* to SUNDIAL_OUTBOUND_ALLOW/);
    }
    const hook = await post({ name: 'local hook', handler: 'noop', notify: { callbackUrl: 'http://localhost:9000/hook' } });
    expect(hook.body.warnings).toEqual([{ field: 'notify.callbackUrl', message: expect.stringContaining('SUNDIAL_OUTBOUND_ALLOW') }]);
  });

  it('says nothing about a public URL', async () => {
    const res = await http({ url: 'https://example.com/' });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('warnings');
  });
});
