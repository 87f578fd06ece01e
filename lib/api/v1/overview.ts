import { and, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { settings, statsDailyTotals, taskStatsDaily } from '../../../db/schema';
import { setSchedulerPaused } from '../../tasks/service';
import { route } from '../route';

export type DayStats = { day: string; total: number; succeeded: number; failed: number; successRate: number | null };
type DayCounts = Omit<DayStats, 'successRate'>;

/** The UTC days ending with `today`'s, oldest first, as YYYY-MM-DD. */
function utcDays(days: number, today: Date): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10));
  return out;
}

/** One entry per day, oldest first, ending today (UTC); days without runs are zeros. */
export function fillDays(rows: DayCounts[], days: number, today: Date): DayStats[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return utcDays(days, today).map((day) => {
    const r = byDay.get(day) ?? { day, total: 0, succeeded: 0, failed: 0 };
    const finished = r.succeeded + r.failed;
    return { ...r, day, successRate: finished === 0 ? null : r.succeeded / finished };
  });
}

/** How long a day's sum in stats_daily_totals is trusted: the most a late run's end on an older day waits to show. */
export const TOTALS_FRESH_SECONDS = 300;

/**
 * Runs per day across all tasks, from the daily rollups: the runs table is never scanned.
 * Today and yesterday are summed on every read, since runs still end into them. Older
 * days come from stats_daily_totals while their sums are fresh; the others are summed
 * here and stored, so a month costs two days of rollups (20,000 rows at 10,000 tasks)
 * rather than thirty, except on the read that finds the sums stale.
 */
export async function dailyStats(db: Db, days: number, now = new Date()): Promise<DayStats[]> {
  const wanted = utcDays(days, now);
  const yesterday = utcDays(2, now)[0]!;
  const cached = await db
    .select({ day: statsDailyTotals.day, total: statsDailyTotals.total, succeeded: statsDailyTotals.succeeded, failed: statsDailyTotals.failed })
    .from(statsDailyTotals)
    .where(and(gte(statsDailyTotals.day, wanted[0]!), lt(statsDailyTotals.day, yesterday), gt(statsDailyTotals.updatedAt, sql`now() - make_interval(secs => ${TOTALS_FRESH_SECONDS})`)));
  const known = new Set(cached.map((r) => r.day));
  const summed = wanted.filter((day) => !known.has(day));
  const live = await db
    .select({
      day: taskStatsDaily.day,
      total: sql<number>`sum(${taskStatsDaily.total})::int`,
      succeeded: sql<number>`sum(${taskStatsDaily.succeeded})::int`,
      failed: sql<number>`sum(${taskStatsDaily.failed} + ${taskStatsDaily.timedOut} + ${taskStatsDaily.lost})::int`,
    })
    .from(taskStatsDaily)
    .where(inArray(taskStatsDaily.day, summed))
    .groupBy(taskStatsDaily.day);
  const byDay = new Map(live.map((r) => [r.day, r]));
  const closed = summed.filter((day) => day < yesterday).map((day) => byDay.get(day) ?? { day, total: 0, succeeded: 0, failed: 0 });
  if (closed.length > 0) {
    await db
      .insert(statsDailyTotals)
      .values(closed)
      .onConflictDoUpdate({
        target: statsDailyTotals.day,
        set: { total: sql`excluded.total`, succeeded: sql`excluded.succeeded`, failed: sql`excluded.failed`, updatedAt: sql`now()` },
      });
  }
  return fillDays([...cached, ...live], days, now);
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
