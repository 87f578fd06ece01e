import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { apiKeyRoles, apiKeys, type ApiKey } from '../../../db/schema';
import { createApiKey } from '../../auth/api-keys';
import { queueList } from '../../remote/queue-name';
import { notFound } from '../errors';
import { route } from '../route';
import { instant } from './cursor';
import { idParam } from './task-json';

const keyJson = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  queues: k.queues,
  prefix: k.prefix,
  expiresAt: k.expiresAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
  createdAt: k.createdAt,
});

const createBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(apiKeyRoles),
    queues: queueList().optional().describe('The queues a worker key may claim runs of; required for role worker, refused for the others'),
    expiresAt: instant().optional().refine((v) => !v || new Date(v) > new Date(), 'must be in the future'),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.role === 'worker' && !b.queues) ctx.addIssue({ code: 'custom', path: ['queues'], message: 'a worker key needs at least one queue' });
    if (b.role !== 'worker' && b.queues) ctx.addIssue({ code: 'custom', path: ['queues'], message: 'only a worker key has queues' });
  });

export const createApiKeyRoute = route({ role: 'admin', body: createBody }, async ({ db, body, principal }) => {
  const { key, record } = await createApiKey(db, {
    name: body.name,
    role: body.role,
    queues: body.role === 'worker' ? [...new Set(body.queues)] : null,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    createdBy: principal.kind === 'user' ? principal.id : null,
  });
  return {
    status: 201,
    body: { ...keyJson(record), key, note: 'This is the only time the key is shown. Store it now.' },
    audit: { action: 'api_key.create', targetType: 'api_key', targetId: record.id, after: keyJson(record) },
  };
});

export type ApiKeyJson = ReturnType<typeof keyJson>;

export async function listApiKeys(db: Db): Promise<ApiKeyJson[]> {
  return (await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(keyJson);
}

export const listApiKeysRoute = route({ role: 'admin' }, async ({ db }) => ({ body: { items: await listApiKeys(db) } }));

export const revokeApiKeyRoute = route({ role: 'admin' }, async ({ db, params }) => {
  const id = idParam(params, 'API key');
  const [record] = await db.update(apiKeys).set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` }).where(eq(apiKeys.id, id)).returning();
  if (!record) throw notFound('API key');
  return { status: 204, audit: { action: 'api_key.revoke', targetType: 'api_key', targetId: id, after: keyJson(record) } };
});
