import { beforeAll, describe, expect, it } from 'vitest';
import { auditRoute } from '../../../lib/api/v1/admin';
import { createSecretRoute, deleteSecretRoute, listSecretsRoute, replaceSecretRoute } from '../../../lib/api/v1/secrets';
import { open, secretKey } from '../../../lib/secrets/crypto';
import { secretKeyring } from '../../../lib/secrets/keys';
import { resealSecrets } from '../../../lib/secrets/reseal';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';

// Issue 10, point 2: named secrets are written by admins, listed by operators, encrypted at
// rest, never returned, and audited in the same transaction as the change.

const database = withTestDatabase();
withApiEnvironment(database);

let callers: Caller[];
const as = (label: string) => callers.find((c) => c.label === label)!.headers;
beforeAll(async () => {
  callers = await makeCallers(database);
});
const create = (name: string, value: string, who = 'admin session') => call(createSecretRoute, 'POST', '/api/v1/secrets', { headers: as(who), body: { name, value } });
const stored = async (name: string) => (await database.pool.query<{ sealed: string; key_id: string }>('select sealed, key_id from secrets where name = $1', [name])).rows[0];
const everything = async () => JSON.stringify((await database.pool.query('select * from secrets')).rows) + JSON.stringify((await database.pool.query('select * from audit_log')).rows);

describe('named secrets', () => {
  it('an admin creates one; no answer, row or audit entry holds the value', async () => {
    const res = await create('BANK_TOKEN', 'tok-plain-1');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'BANK_TOKEN', set: true, lastUsedAt: null, createdBy: expect.stringContaining('admin') });
    expect(JSON.stringify(res.body)).not.toContain('tok-plain-1');
    const list = await call(listSecretsRoute, 'GET', '/x', { headers: as('operator API key') });
    expect(list.body.items.map((s: { name: string }) => s.name)).toContain('BANK_TOKEN');
    expect(JSON.stringify(list.body)).not.toContain('tok-plain-1');
    expect(await everything()).not.toContain('tok-plain-1');
    expect(open(secretKeyring(), (await stored('BANK_TOKEN'))!.sealed, 'secret:BANK_TOKEN')).toBe('tok-plain-1');
    const audit = await call(auditRoute, 'GET', '/x?limit=5', { headers: as('admin session') });
    expect(audit.body.items[0]).toMatchObject({ action: 'secret.create', targetId: 'BANK_TOKEN' });
  });

  it('refuses a taken name with 409 and a bad name with 422', async () => {
    await create('TAKEN', 'a');
    expect(await create('TAKEN', 'b')).toMatchObject({ status: 409, body: { error: { fields: [{ field: 'name' }] } } });
    for (const name of ['lower', '1ABC', 'A-B', 'A'.repeat(65)]) expect((await create(name, 'v')).status, name).toBe(422);
    expect((await create('EMPTY', '')).status).toBe(422);
  });

  it('replaces a value (write-only: the answer carries metadata only) and deletes', async () => {
    await create('ROTATED', 'first-value');
    const before = await stored('ROTATED');
    const put = await call(replaceSecretRoute, 'PUT', '/x', { headers: as('admin API key'), params: { name: 'ROTATED' }, body: { value: 'second-value' } });
    expect(put.status).toBe(200);
    expect(put.body.updatedBy).toContain('API key');
    expect(JSON.stringify(put.body)).not.toContain('second-value');
    expect((await stored('ROTATED'))!.sealed).not.toBe(before!.sealed);
    expect(await everything()).not.toMatch(/first-value|second-value/);
    expect((await call(replaceSecretRoute, 'PUT', '/x', { headers: as('admin session'), params: { name: 'NOPE' }, body: { value: 'x' } })).status).toBe(404);
    expect((await call(deleteSecretRoute, 'DELETE', '/x', { headers: as('admin session'), params: { name: 'ROTATED' } })).status).toBe(204);
    expect(await stored('ROTATED')).toBeUndefined();
  });

  it('operators and viewers cannot write; viewers cannot list', async () => {
    expect((await create('BY_OPERATOR', 'v', 'operator session')).status).toBe(403);
    expect((await call(listSecretsRoute, 'GET', '/x', { headers: as('viewer session') })).status).toBe(403);
  });

  it('the change and its audit entry commit together: a failing audit insert leaves no secret', async () => {
    await database.pool.query(`alter table audit_log add constraint no_secret_audit check (action <> 'secret.create') not valid`);
    try {
      expect((await create('HALF_DONE', 'v')).status).toBe(500);
    } finally {
      await database.pool.query('alter table audit_log drop constraint no_secret_audit');
    }
    expect(await stored('HALF_DONE')).toBeUndefined();
  });

  it('key rotation: with the old key as previous, resealing moves every value to the new key', async () => {
    await create('OLD_ONE', 'old-plain');
    const oldRing = secretKeyring();
    const ring = { current: secretKey('the next key, also long enough to be a key'), previous: [oldRing.current] };
    const { resealed, failed } = await resealSecrets(database.pool, ring);
    expect(failed).toEqual([]);
    expect(resealed).toContain('OLD_ONE');
    const row = await stored('OLD_ONE');
    expect(row!.key_id).toBe(ring.current.id);
    expect(open({ current: ring.current, previous: [] }, row!.sealed, 'secret:OLD_ONE')).toBe('old-plain');
    expect(() => open(oldRing, row!.sealed, 'secret:OLD_ONE')).toThrow(/SUNDIAL_SECRET_KEY/);
    expect((await resealSecrets(database.pool, ring)).resealed).toEqual([]);
  });
});
