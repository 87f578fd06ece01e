import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { secrets, tasks, type Secret } from '../../../db/schema';
import { principalLabel } from '../../auth/principal';
import { seal, sealedKeyId } from '../../secrets/crypto';
import { secretKeyring } from '../../secrets/keys';
import { secretName } from '../../secrets/references';
import { AppError, notFound } from '../errors';
import { route } from '../route';

// Named secrets. Admins write them; operators list the names to use them in configs. A value
// is sealed before it is stored and no answer ever carries it: there is no read of a value.

/** A secret as every answer shows it: never its value. */
export const secretJson = (s: Secret) => ({
  name: s.name,
  set: true,
  keyId: s.keyId,
  createdAt: s.createdAt,
  createdBy: s.createdBy,
  updatedAt: s.updatedAt,
  updatedBy: s.updatedBy,
  lastUsedAt: s.lastUsedAt,
});
export type SecretJson = ReturnType<typeof secretJson>;

const value = z.string().min(1, 'must not be empty').max(65_536, 'at most 64 KiB').describe('Write-only: stored encrypted, never returned');
const sealFor = (name: string, plaintext: string) => {
  const sealed = seal(secretKeyring(), plaintext, `secret:${name}`);
  return { sealed, keyId: sealedKeyId(sealed) };
};
const nameParam = (params: Record<string, string>) => {
  const parsed = secretName.safeParse(params.name);
  if (!parsed.success) throw notFound('secret');
  return parsed.data;
};

export async function listSecrets(db: Db): Promise<SecretJson[]> {
  return (await db.select().from(secrets).orderBy(asc(secrets.name))).map(secretJson);
}

export const listSecretsRoute = route({ role: 'operator' }, async ({ db }) => ({ body: { items: await listSecrets(db) } }));

// The route wrapper runs each mutation and its audit entry in one transaction.
export const createSecretRoute = route({ role: 'admin', body: z.object({ name: secretName, value }).strict() }, async ({ db, body, principal }) => {
  const by = principalLabel(principal);
  const [row] = await db.insert(secrets).values({ name: body.name, ...sealFor(body.name, body.value), createdBy: by, updatedBy: by }).onConflictDoNothing().returning();
  if (!row) throw new AppError('conflict', `a secret named ${body.name} exists: replace its value instead`, [{ field: 'name', message: 'already taken' }]);
  return {
    status: 201,
    headers: { location: `/api/v1/secrets/${row.name}` },
    body: secretJson(row),
    audit: { action: 'secret.create', targetType: 'secret', targetId: row.name, after: secretJson(row) },
  };
});

export const replaceSecretRoute = route({ role: 'admin', body: z.object({ value }).strict() }, async ({ db, params, body, principal }) => {
  const name = nameParam(params);
  const [before] = await db.select().from(secrets).where(eq(secrets.name, name)).for('update');
  if (!before) throw notFound('secret');
  const [row] = await db.update(secrets).set({ ...sealFor(name, body.value), updatedBy: principalLabel(principal) }).where(eq(secrets.name, name)).returning();
  return { body: secretJson(row!), audit: { action: 'secret.replace', targetType: 'secret', targetId: name, before: secretJson(before), after: secretJson(row!) } };
});

/** Tasks whose config names the secret: deleting it would fail their next runs. */
async function tasksUsing(db: Pick<Db, 'select'>, name: string): Promise<string[]> {
  const rows = await db
    .select({ name: tasks.name })
    .from(tasks)
    .where(sql`${tasks.config}::text ~ ${`\\{\\{\\s*secrets\\.${name}\\s*\\}\\}`}`)
    .orderBy(asc(tasks.name))
    .limit(6);
  return rows.map((r) => r.name);
}

export const deleteSecretRoute = route({ role: 'admin' }, async ({ db, params }) => {
  const name = nameParam(params);
  const [before] = await db.select().from(secrets).where(eq(secrets.name, name)).for('update');
  if (!before) throw notFound('secret');
  const users = await tasksUsing(db, name);
  if (users.length > 0) {
    const list = users.slice(0, 5).map((t) => `"${t}"`).join(', ') + (users.length > 5 ? ' and more' : '');
    throw new AppError('conflict', `tasks use ${name}: ${list}; remove {{secrets.${name}}} from them first`);
  }
  await db.delete(secrets).where(eq(secrets.name, name));
  return { status: 204, audit: { action: 'secret.delete', targetType: 'secret', targetId: name, before: secretJson(before) } };
});
