import { and, desc, eq, gte, ilike, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { loadRetention, saveRetention } from '../../settings/retention-store';
import { auditLog, settings } from '../../../db/schema';
import { RETENTION_DEFAULTS, retentionPatch } from '../../settings/retention';
import { setSchedulerPaused } from '../../tasks/service';
import { loadWorkersNoneMinutes, saveWorkersNoneMinutes, WORKERS_NONE_DEFAULT_MINUTES, workersNoneMinutes } from '../../settings/workers-none';
import { route } from '../route';
import { instant } from './cursor';

export type SettingsJson = Awaited<ReturnType<typeof readSettings>>;

export async function readSettings(db: Db) {
  const [paused] = await db.select().from(settings).where(eq(settings.key, 'scheduler.paused'));
  return { schedulerPaused: paused?.value === true, retention: await loadRetention(db), workersNoneMinutes: await loadWorkersNoneMinutes(db) };
}

export const getSettingsRoute = route({ role: 'admin' }, async ({ db }) => ({ body: await readSettings(db) }));

const settingsPatch = z
  .object({
    schedulerPaused: z.boolean().optional().describe('"Pause all": no new scheduled fires on any worker; manual runs still run'),
    retention: retentionPatch.optional().describe(`How long history is kept; unset fields keep their value (defaults: runs ${RETENTION_DEFAULTS.runsDays} days, logs ${RETENTION_DEFAULTS.logsDays} days)`),
    workersNoneMinutes: workersNoneMinutes.optional().describe(`Minutes without a live worker before "workers.none" is sent to the default channels (default ${WORKERS_NONE_DEFAULT_MINUTES})`),
  })
  .strict();

// The whole body is validated before anything is written, so bad input changes nothing.
export const updateSettingsRoute = route({ role: 'admin', body: settingsPatch }, async ({ db, body, principal }) => {
  const actorId = principal.kind === 'user' ? principal.id : undefined;
  const before = await readSettings(db);
  if (body.retention) await saveRetention(db, body.retention, actorId);
  if (body.schedulerPaused !== undefined) await setSchedulerPaused(db, body.schedulerPaused, actorId);
  if (body.workersNoneMinutes !== undefined) await saveWorkersNoneMinutes(db, body.workersNoneMinutes, actorId);
  const after = await readSettings(db);
  return { body: after, audit: { action: 'settings.update', targetType: 'settings', before, after } };
});

export const auditQuery = z
  .object({
    actor: z.string().trim().min(1).max(200).optional().describe('Part of the actor: an email, or a key name or prefix'),
    action: z.string().trim().min(1).max(100).optional().describe('Such as task.update'),
    targetType: z.string().trim().min(1).max(50).optional(),
    targetId: z.string().trim().min(1).max(100).optional(),
    from: instant().optional(),
    to: instant().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().regex(/^\d{1,15}$/, 'not a cursor this API returned').optional(),
  })
  .strict();

export type AuditQuery = z.output<typeof auditQuery>;

/** Newest first; nextCursor pages to older entries. */
export async function listAudit(db: Db, q: AuditQuery) {
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
  return { items, nextCursor: rows.length > q.limit ? String(items.at(-1)!.id) : null };
}

export const auditRoute = route({ role: 'admin', query: auditQuery }, async ({ db, query }) => ({ body: await listAudit(db, query) }));
