import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { taskStatsDaily } from '../../../db/schema';
import { percentileFromBuckets } from '../../engine/stats';

export const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(7) }).strict();

/** A task's stats over the last `days` UTC days, from the daily rollups. A retry chain counts once, by its last attempt; `retried` counts the attempts that were retried; `partial` the succeeded runs whose items partly failed (also in `succeeded`). */
export async function taskStats(db: Db, taskId: string, daysBack: number) {
  const days = await db
    .select()
    .from(taskStatsDaily)
    .where(and(eq(taskStatsDaily.taskId, taskId), gte(taskStatsDaily.day, sql`(now() at time zone 'UTC')::date - ${daysBack - 1}::int`)))
    .orderBy(asc(taskStatsDaily.day));
  const sum = (k: 'total' | 'succeeded' | 'failed' | 'timedOut' | 'cancelled' | 'skipped' | 'missed' | 'lost' | 'retried' | 'partial') => days.reduce((a, d) => a + d[k], 0);
  const counts = { succeeded: sum('succeeded'), failed: sum('failed'), timed_out: sum('timedOut'), cancelled: sum('cancelled'), skipped: sum('skipped'), missed: sum('missed'), lost: sum('lost'), retried: sum('retried'), partial: sum('partial') };
  const finished = counts.succeeded + counts.failed + counts.timed_out + counts.lost;
  // Every attempt ran and counts toward the average, retried ones too.
  const executed = finished + counts.cancelled + counts.retried;
  const buckets = days.reduce<number[]>((acc, d) => d.durationBuckets.map((b, i) => b + (acc[i] ?? 0)), []);
  return {
    days: daysBack,
    counts,
    successRate: finished === 0 ? null : counts.succeeded / finished,
    averageDurationMs: executed === 0 ? null : Math.round(days.reduce((a, d) => a + d.durationMsSum, 0) / executed),
    p95DurationMs: percentileFromBuckets(buckets, 0.95, Math.max(0, ...days.map((d) => d.durationMsMax))),
    perDay: days.map((d) => ({ day: d.day, total: d.total, succeeded: d.succeeded, partial: d.partial, failed: d.failed + d.timedOut + d.lost })),
  };
}

export type TaskStats = Awaited<ReturnType<typeof taskStats>>;
