import { eq, gte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { settings, taskStatsDaily } from '../../../db/schema';
import { setSchedulerPaused } from '../../tasks/service';
import { route } from '../route';

export type DayStats = { day: string; total: number; succeeded: number; failed: number; successRate: number | null };

/** One entry per day, oldest first, ending today (UTC); days without runs are zeros. */
export function fillDays(rows: Omit<DayStats, 'successRate'>[], days: number, today: Date): DayStats[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DayStats[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
    const r = byDay.get(day) ?? { day, total: 0, succeeded: 0, failed: 0 };
    const finished = r.succeeded + r.failed;
    out.push({ ...r, day, successRate: finished === 0 ? null : r.succeeded / finished });
  }
  return out;
}

/** Runs per day across all tasks, from the daily rollups: the runs table is never scanned. */
export async function dailyStats(db: Db, days: number, now = new Date()): Promise<DayStats[]> {
  const rows = await db
    .select({
      day: taskStatsDaily.day,
      total: sql<number>`sum(${taskStatsDaily.total})::int`,
      succeeded: sql<number>`sum(${taskStatsDaily.succeeded})::int`,
      failed: sql<number>`sum(${taskStatsDaily.failed} + ${taskStatsDaily.timedOut} + ${taskStatsDaily.lost})::int`,
    })
    .from(taskStatsDaily)
    .where(gte(taskStatsDaily.day, sql`(${now.toISOString()}::timestamptz at time zone 'UTC')::date - ${days - 1}::int`))
    .groupBy(taskStatsDaily.day);
  return fillDays(rows, days, now);
}

const statsQuery = z.object({ days: z.enum(['7', '30']).default('7').transform(Number) }).strict();

export const dailyStatsRoute = route({ role: 'viewer', query: statsQuery }, async ({ db, query }) => ({ body: { days: await dailyStats(db, query.days) } }));

export async function schedulerPaused(db: Db): Promise<boolean> {
  const [row] = await db.select().from(settings).where(eq(settings.key, 'scheduler.paused'));
  return row?.value === true;
}

export const getSchedulerRoute = route({ role: 'viewer' }, async ({ db }) => ({ body: { paused: await schedulerPaused(db) } }));

/** "Pause all" for operators: no new scheduled fires on any worker; manual runs still run. */
export const putSchedulerRoute = route(
  { role: 'operator', body: z.object({ paused: z.boolean().describe('true stops new scheduled fires everywhere; false resumes them') }).strict() },
  async ({ db, body, principal }) => {
    const before = await schedulerPaused(db);
    await setSchedulerPaused(db, body.paused, principal.kind === 'user' ? principal.id : undefined);
    return {
      body: { paused: body.paused },
      audit: { action: body.paused ? 'scheduler.pause' : 'scheduler.resume', targetType: 'settings', before: { paused: before }, after: { paused: body.paused } },
    };
  },
);
