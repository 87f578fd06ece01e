import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { runStatuses, tasks, type Task } from '../../../db/schema';
import { AppError } from '../errors';

export const listTasksQuery = z
  .object({
    enabled: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    tag: z.string().trim().min(1).max(50).optional(),
    status: z.enum(runStatuses).optional().describe('The status of the last run'),
    q: z.string().trim().min(1).max(200).optional().describe('Words in the name or description'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional().describe('nextCursor from the previous page'),
  })
  .strict();

type Cursor = [name: string, id: string];
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string') && /^[0-9a-f-]{36}$/i.test(String(value[1]))) return value as Cursor;
  } catch {
    // falls through
  }
  throw new AppError('validation_failed', 'the request has invalid fields', [{ field: 'cursor', message: 'not a cursor this API returned' }]);
}

/** LIKE's wildcards in user text match themselves. */
const literal = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Tasks by name, a page at a time (keyset paging on name, id: stable under inserts). */
export async function listTasks(db: Db, q: z.output<typeof listTasksQuery>): Promise<{ items: Task[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [
    q.enabled === undefined ? undefined : eq(tasks.enabled, q.enabled),
    q.tag ? sql`${q.tag} = any(${tasks.tags})` : undefined,
    q.status ? eq(tasks.lastStatus, q.status) : undefined,
    q.q ? or(ilike(tasks.name, literal(q.q)), ilike(tasks.description, literal(q.q))) : undefined,
  ];
  if (q.cursor) {
    const [name, id] = decode(q.cursor);
    where.push(or(gt(tasks.name, name), and(eq(tasks.name, name), gt(tasks.id, id))));
  }
  const rows = await db
    .select()
    .from(tasks)
    .where(and(...where))
    .orderBy(asc(tasks.name), asc(tasks.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encode([last.name, last.id]) : null };
}
