import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { listRecentWorkers } from '../../../db/queries/workers';
import { handlers, taskStatsDaily } from '../../../db/schema';
import { percentileFromBuckets } from '../../engine/stats';
import { nextFires, validateSchedule } from '../../schedules';
import { limitsFromEnv } from '../../tasks/service';
import { invalid } from '../errors';
import { route } from '../route';
import { idParam } from './task-json';

const previewBody = z
  .object({
    schedule: z.unknown().describe('A schedule, as in a task'),
    from: z.iso.datetime({ offset: true }).optional().describe('Fires strictly after this instant; default now'),
    count: z.number().int().min(1).max(100).default(10),
  })
  .strict();

/** The next fires of a schedule that has not been saved: what the form's preview shows. */
export const previewRoute = route({ role: 'viewer', body: previewBody }, async ({ body }) => {
  const checked = validateSchedule(body.schedule, { minIntervalSeconds: limitsFromEnv().minIntervalSeconds });
  if (!checked.ok) throw invalid(checked.errors.map((e) => ({ field: `schedule.${e.field}`, message: e.message })));
  const from = body.from ? new Date(body.from) : new Date();
  return { body: { fires: nextFires(checked.schedule, from, body.count).map((d) => d.toISOString()) } };
});

export const handlersRoute = route({ role: 'viewer' }, async ({ db }) => ({
  body: { items: await db.select().from(handlers).orderBy(asc(handlers.key)) },
}));

export const workersRoute = route({ role: 'viewer' }, async ({ db }) => ({ body: { items: await listRecentWorkers(db) } }));

const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(7) }).strict();

/** From the daily rollups, never the runs table. p95 is the histogram bucket it falls in. */
export const taskStatsRoute = route({ role: 'viewer', query: statsQuery }, async ({ db, params, query }) => {
  const id = idParam(params);
  const days = await db
    .select()
    .from(taskStatsDaily)
    .where(and(eq(taskStatsDaily.taskId, id), gte(taskStatsDaily.day, sql`(now() at time zone 'UTC')::date - ${query.days - 1}::int`)))
    .orderBy(asc(taskStatsDaily.day));
  const sum = (k: 'total' | 'succeeded' | 'failed' | 'timedOut' | 'cancelled' | 'skipped' | 'missed' | 'lost') => days.reduce((a, d) => a + d[k], 0);
  const counts = { succeeded: sum('succeeded'), failed: sum('failed'), timed_out: sum('timedOut'), cancelled: sum('cancelled'), skipped: sum('skipped'), missed: sum('missed'), lost: sum('lost') };
  const finished = counts.succeeded + counts.failed + counts.timed_out + counts.lost;
  const executed = finished + counts.cancelled;
  const buckets = days.reduce<number[]>((acc, d) => d.durationBuckets.map((b, i) => b + (acc[i] ?? 0)), []);
  return {
    body: {
      days: query.days,
      counts,
      successRate: finished === 0 ? null : counts.succeeded / finished,
      averageDurationMs: executed === 0 ? null : Math.round(days.reduce((a, d) => a + d.durationMsSum, 0) / executed),
      // Past the last bound the histogram says only "over an hour": report the longest run.
      p95DurationMs: ((p) => (p === Infinity ? Math.max(0, ...days.map((d) => d.durationMsMax)) : p))(percentileFromBuckets(buckets, 0.95)),
      perDay: days.map((d) => ({ day: d.day, total: d.total, succeeded: d.succeeded, failed: d.failed + d.timedOut + d.lost })),
    },
  };
});
