import { and, asc, count, desc, eq, gt, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { taskWithStateColumns, type TaskWithState } from '../../../db/queries/tasks';
import { runStatuses, taskState, tasks } from '../../../db/schema';
import { badCursor, cursorParts, isPgTimestamp, isUuid } from './cursor';

export const taskSorts = ['name', 'nextRun', 'lastRun'] as const;
export type TaskSort = (typeof taskSorts)[number];

export const listTasksQuery = z
  .object({
    enabled: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    tag: z.string().trim().min(1).max(50).optional(),
    status: z.enum(runStatuses).optional().describe('The status of the last run'),
    failing: z.enum(['true']).transform(() => true).optional().describe('Only tasks whose latest runs failed (consecutive failures > 0)'),
    q: z.string().trim().min(1).max(200).optional().describe('Words in the name or description'),
    sort: z.enum(taskSorts).default('name').describe('name (A to Z), nextRun (soonest first) or lastRun (latest first); tasks without the time come last'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional().describe('nextCursor from the previous page'),
  })
  .strict();
export type ListTasksQuery = z.output<typeof listTasksQuery>;

// Keyset paging on (sort key, id): stable under inserts. Missing times sort last through a
// coalesce to ±infinity, so the key is never null and one comparison covers every row.
// The cursor carries the key as Postgres prints it: microseconds survive, a JS Date would
// cut them to milliseconds and skip rows.
const keys: Record<TaskSort, { column: SQL; dir: 'asc' | 'desc' }> = {
  name: { column: sql`${tasks.name}`, dir: 'asc' },
  nextRun: { column: sql`coalesce(${tasks.nextRunAt}, 'infinity'::timestamptz)`, dir: 'asc' },
  lastRun: { column: sql`coalesce(${taskState.lastRunAt}, '-infinity'::timestamptz)`, dir: 'desc' },
};

type Cursor = [sort: TaskSort, key: string, id: string];
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(cursor: string, sort: TaskSort): Cursor {
  const parts = cursorParts(cursor);
  if (parts?.length === 3 && parts[0] === sort && isUuid(parts[2])) {
    const key = parts[1];
    const valid = sort === 'name' ? typeof key === 'string' && !key.includes('\0') : key === 'infinity' || key === '-infinity' || isPgTimestamp(key);
    if (valid) return parts as Cursor;
  }
  throw badCursor('not a cursor this API returned for this sort');
}

/** LIKE's wildcards in user text match themselves. */
const literal = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filters(q: ListTasksQuery): (SQL | undefined)[] {
  return [
    q.enabled === undefined ? undefined : eq(tasks.enabled, q.enabled),
    q.tag ? sql`${q.tag} = any(${tasks.tags})` : undefined,
    q.status ? eq(taskState.lastStatus, q.status) : undefined,
    q.failing ? gt(taskState.consecutiveFailures, 0) : undefined,
    q.q ? or(ilike(tasks.name, literal(q.q)), ilike(tasks.description, literal(q.q))) : undefined,
  ];
}

/** Tasks in the chosen order, a page at a time, with the number that match the filters. */
export async function listTasks(db: Db, q: ListTasksQuery): Promise<{ items: TaskWithState[]; nextCursor: string | null; total: number }> {
  const key = keys[q.sort];
  const where = filters(q);
  const page = [...where];
  if (q.cursor) {
    const [, value, id] = decode(q.cursor, q.sort);
    const typed = q.sort === 'name' ? sql`${value}` : sql`${value}::timestamptz`;
    const beyond = key.dir === 'asc' ? sql`${key.column} > ${typed}` : sql`${key.column} < ${typed}`;
    page.push(or(beyond, and(sql`${key.column} = ${typed}`, key.dir === 'asc' ? gt(tasks.id, id) : lt(tasks.id, id))));
  }
  const order = key.dir === 'asc' ? [asc(key.column), asc(tasks.id)] : [desc(key.column), desc(tasks.id)];
  const [rows, counted] = await Promise.all([
    db
      .select({ task: taskWithStateColumns, key: sql<string>`(${key.column})::text` })
      .from(tasks)
      .leftJoin(taskState, eq(taskState.taskId, tasks.id))
      .where(and(...page))
      .orderBy(...order)
      .limit(q.limit + 1),
    db.select({ total: count() }).from(tasks).leftJoin(taskState, eq(taskState.taskId, tasks.id)).where(and(...where)),
  ]);
  const total = counted[0]?.total ?? 0;
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map((r) => r.task), nextCursor: rows.length > q.limit && last ? encode([q.sort, last.key, last.task.id]) : null, total };
}

/** The tag names in use, for the list's tag filter. */
export async function listTags(db: Db): Promise<string[]> {
  const rows = await db.execute<{ tag: string }>(sql`select distinct unnest(${tasks.tags}) as tag from ${tasks} order by 1 limit 500`);
  return rows.rows.map((r) => r.tag);
}
