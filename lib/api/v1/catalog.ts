import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { queueState } from '../../../db/queries/queue';
import { listRecentWorkers } from '../../../db/queries/workers';
import { handlers } from '../../../db/schema';
import { nextFires, validateSchedule, withSaveDefaults } from '../../schedules';
import { limitsFromEnv } from '../../tasks/service';
import { invalid } from '../errors';
import { route } from '../route';
import { instant } from './cursor';
import { idParam } from './task-json';
import { statsQuery, taskStats } from './task-stats';

const previewBody = z
  .object({
    schedule: z.unknown().describe('A schedule, as in a task'),
    from: instant().optional().describe('Fires strictly after this instant; default now'),
    count: z.number().int().min(1).max(100).default(10),
  })
  .strict();

/** The next fires of a schedule that has not been saved: what the form's preview shows. */
export const previewRoute = route({ role: 'viewer', body: previewBody }, async ({ body }) => {
  const checked = validateSchedule(body.schedule, { minIntervalSeconds: limitsFromEnv().minIntervalSeconds });
  if (!checked.ok) throw invalid(checked.errors.map((e) => ({ field: `schedule.${e.field}`, message: e.message })));
  const now = new Date();
  const from = body.from ? new Date(body.from) : now;
  return { body: { fires: nextFires(withSaveDefaults(checked.schedule, now), from, body.count).map((d) => d.toISOString()) } };
});

/** The catalog: the handlers the workers published. The API and the task form both read it here. */
export const listHandlers = (db: Db) => db.select().from(handlers).orderBy(asc(handlers.key));

export const handlersRoute = route({ role: 'viewer' }, async ({ db }) => ({ body: { items: await listHandlers(db) } }));

/** The workers beside the backlog they face: what the overview's Workers and Queue cards show. */
export async function workersAndQueue(db: Db) {
  const [items, queue] = await Promise.all([listRecentWorkers(db), queueState(db)]);
  return { items, queue };
}

export const workersRoute = route({ role: 'viewer' }, async ({ db }) => ({ body: await workersAndQueue(db) }));

/** From the daily rollups, never the runs table. */
export const taskStatsRoute = route({ role: 'viewer', query: statsQuery }, async ({ db, params, query }) => ({ body: await taskStats(db, idParam(params), query.days) }));
