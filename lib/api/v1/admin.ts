import { and, desc, eq, gte, ilike, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, settings } from '../../../db/schema';
import { setSchedulerPaused } from '../../tasks/service';
import { route } from '../route';

async function readSettings(db: Parameters<typeof setSchedulerPaused>[0]) {
  const [paused] = await db.select().from(settings).where(eq(settings.key, 'scheduler.paused'));
  return { schedulerPaused: paused?.value === true };
}

export const getSettingsRoute = route({ role: 'admin' }, async ({ db }) => ({ body: await readSettings(db) }));

export const updateSettingsRoute = route(
  { role: 'admin', body: z.object({ schedulerPaused: z.boolean().optional().describe('"Pause all": no new scheduled fires on any worker; manual runs still run') }).strict() },
  async ({ db, body, principal }) => {
    const before = await readSettings(db);
    if (body.schedulerPaused !== undefined) await setSchedulerPaused(db, body.schedulerPaused, principal.kind === 'user' ? principal.id : undefined);
    const after = await readSettings(db);
    return { body: after, audit: { action: 'settings.update', targetType: 'settings', before, after } };
  },
);

const auditQuery = z
  .object({
    actor: z.string().trim().min(1).max(200).optional().describe('Part of the actor: an email, or a key name or prefix'),
    action: z.string().trim().min(1).max(100).optional().describe('Such as task.update'),
    targetType: z.string().trim().min(1).max(50).optional(),
    targetId: z.string().trim().min(1).max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().regex(/^\d{1,15}$/, 'not a cursor this API returned').optional(),
  })
  .strict();

export const auditRoute = route({ role: 'admin', query: auditQuery }, async ({ db, query: q }) => {
  const where: (SQL | undefined)[] = [
    q.actor ? ilike(auditLog.actorLabel, `%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    q.action ? eq(auditLog.action, q.action) : undefined,
    q.targetType ? eq(auditLog.targetType, q.targetType) : undefined,
    q.targetId ? eq(auditLog.targetId, q.targetId) : undefined,
    q.from ? gte(auditLog.createdAt, new Date(q.from)) : undefined,
    q.to ? lte(auditLog.createdAt, new Date(q.to)) : undefined,
    q.cursor ? lt(auditLog.id, Number(q.cursor)) : undefined,
  ];
  const rows = await db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { body: { items, nextCursor: rows.length > q.limit ? String(items.at(-1)!.id) : null } };
});
