import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskRoute, getTaskRoute, putTaskRoute, runTaskRoute } from '../../../lib/api/v1/tasks';
import { secretKey } from '../../../lib/secrets/crypto';
import { openSecretFields } from '../../../lib/secrets/fields';
import { secretKeyring } from '../../../lib/secrets/keys';
import { resealSecrets } from '../../../lib/secrets/reseal';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import type { Worker } from '../../../worker/worker';
import { FIXTURE_HANDLERS } from '../../fixtures/handlers';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { testWorker } from '../../helpers/worker';

// Issue 10, point 2: a handler's config schema marks a field secret (secretField()); it is
// stored sealed like a secret, shown as set or unset, and opened only by the worker.

const database = withTestDatabase();
withApiEnvironment(database);

const DSN = 'postgres://app:field-pw-77@db.internal/app';
let callers: Caller[];
const operator = () => callers.find((c) => c.label === 'operator session')!.headers;
let worker: Worker;

beforeAll(async () => {
  callers = await makeCallers(database);
  worker = testWorker(database, { id: 'fields-w', handlerModules: [BUILT_IN_HANDLERS, FIXTURE_HANDLERS] });
  await worker.start();
});
afterAll(async () => {
  await worker?.stop();
});

const storedConfig = async (id: string) => (await database.pool.query<{ config: Record<string, string> }>('select config from tasks where id = $1', [id])).rows[0]!.config;

describe('config fields marked secret', () => {
  let id: string;

  it('are sealed on save, and read back as set, never as the value', async () => {
    const created = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator(), body: { name: 'vault', handler: 'vault', config: { dsn: DSN, label: 'main' }, schedule: { kind: 'manual' } } });
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body.config).toEqual({ dsn: '[redacted]', label: 'main' });
    const stored = await storedConfig(id);
    expect(stored.dsn).toMatch(/^sealed:v1\./);
    expect(JSON.stringify(stored)).not.toContain('field-pw-77');
    const read = await call(getTaskRoute, 'GET', '/x', { headers: operator(), params: { id } });
    expect(read.body.config.dsn).toBe('[redacted]');
  });

  it('saving the task as read keeps the sealed value; a new value is sealed again', async () => {
    const before = (await storedConfig(id)).dsn;
    const read = (await call(getTaskRoute, 'GET', '/x', { headers: operator(), params: { id } })).body;
    const put = await call(putTaskRoute, 'PUT', '/x', { headers: operator(), params: { id }, body: { name: read.name, handler: 'vault', config: { ...read.config, label: 'renamed' }, schedule: read.schedule, version: read.version } });
    expect(put.status).toBe(200);
    expect(await storedConfig(id)).toEqual({ dsn: before, label: 'renamed' });
  });

  it('the worker opens the field for the handler and masks it in the log and result', async () => {
    const { body } = await call(runTaskRoute, 'POST', '/x', { headers: operator(), params: { id }, body: {} });
    await waitUntil(async () => (await database.pool.query('select status from runs where id = $1', [body.runId])).rows[0].status === 'succeeded', 10_000, 'the run');
    const { rows } = await database.pool.query('select result from runs where id = $1', [body.runId]);
    expect(rows[0].result).toEqual({ scheme: 'postgres', length: DSN.length, dsn: '***' });
    const logs = await database.pool.query('select message from run_logs where run_id = $1', [body.runId]);
    expect(logs.rows.map((r) => r.message)).toEqual(['connecting to ***']);
    const audit = await database.pool.query('select before, after from audit_log');
    expect(JSON.stringify(audit.rows)).not.toContain('field-pw-77');
  });
});

describe('key rotation', () => {
  it('resealing moves secret fields in task configs to the new key too', async () => {
    const created = await call(createTaskRoute, 'POST', '/api/v1/tasks', { headers: operator(), body: { name: 'vault rotated', handler: 'vault', config: { dsn: DSN }, schedule: { kind: 'manual' } } });
    const ring = { current: secretKey('a rotated key that is long enough to be one'), previous: [secretKeyring().current] };
    const { failed } = await resealSecrets(database.pool, ring);
    expect(failed).toEqual([]);
    const config = await storedConfig(created.body.id);
    expect(config.dsn).toMatch(new RegExp(`^sealed:v1\\.${ring.current.id}\\.`));
    expect(openSecretFields(() => ({ current: ring.current, previous: [] }), 'vault', config).config).toEqual({ dsn: DSN });
  });
});
