import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiKeys, type ApiKey, type ApiKeyRole } from '../../db/schema';

// Keys are 32 random bytes: far too much entropy to guess, so a fast hash is enough (a
// slow one would only slow every API call). The prefix is shown in lists and audit entries.
const PREFIX_LENGTH = 12;
const hash = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createApiKey(
  db: Db,
  input: { name: string; role: ApiKeyRole; queues?: string[] | null; expiresAt?: Date | null; createdBy?: string | null },
): Promise<{ key: string; record: ApiKey }> {
  const key = `sdk_${randomBytes(32).toString('base64url')}`;
  const [record] = await db
    .insert(apiKeys)
    .values({ name: input.name, role: input.role, queues: input.queues ?? null, expiresAt: input.expiresAt ?? null, createdBy: input.createdBy ?? null, prefix: key.slice(0, PREFIX_LENGTH), keyHash: hash(key) })
    .returning();
  return { key, record: record! };
}

/** The key's row if the key is genuine, not revoked and not expired. */
export async function verifyApiKey(db: Db, key: string): Promise<ApiKey | null> {
  if (!key.startsWith('sdk_') || key.length < 20 || key.length > 200) return null;
  const [record] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.prefix, key.slice(0, PREFIX_LENGTH)), isNull(apiKeys.revokedAt), sql`(${apiKeys.expiresAt} is null or ${apiKeys.expiresAt} > now())`));
  if (!record) return null;
  const a = Buffer.from(hash(key));
  const b = Buffer.from(record.keyHash);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  // last_used_at is for people, so a minute's precision spares a write per call.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, record.id), sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`));
  return record;
}

export function bearerToken(headers: Headers): string | null {
  return /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1] ?? null;
}

export function keyFromHeaders(headers: Headers): string | null {
  const bearer = bearerToken(headers);
  return bearer ?? headers.get('x-api-key') ?? null;
}
