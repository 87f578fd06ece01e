import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { env } from '../env';
import { weekly } from '../schedules/builders';
import { createTask, type Limits } from '../tasks/service';

export const WEEKLY_REPORT_TASK = 'Weekly report';
const MARK = 'builtin.weekly-report';

/** The zone the built-in schedules start in: SUNDIAL_TIMEZONE, else the machine's. */
export function organizationZone(): string {
  return env().SUNDIAL_TIMEZONE ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

/**
 * On the first start, create Sundial's own weekly report as a task people can edit, pause or
 * delete: Monday 08:00 in the organization's zone, to the default channels. Created once: a
 * settings row marks it, so a task someone deleted stays deleted (and one of theirs that has
 * the name already is left alone). Several processes starting at once race on that row; one wins.
 */
export function ensureBuiltinTasks(db: Db, limits: Limits): Promise<{ created: string[] }> {
  // One transaction: the mark and the task land together, or neither does.
  return db.transaction((tx) => createOnce(tx as unknown as Db, limits));
}

async function createOnce(db: Db, limits: Limits): Promise<{ created: string[] }> {
  const claimed = await db.execute(sql`insert into settings (key, value) values (${MARK}, '{"created": true}'::jsonb) on conflict (key) do nothing returning key`);
  if (claimed.rows.length === 0) return { created: [] };
  const taken = await db.execute(sql`select 1 from tasks where name = ${WEEKLY_REPORT_TASK}`);
  if (taken.rows.length > 0) return { created: [] };
  const task = await createTask(
    db,
    {
      name: WEEKLY_REPORT_TASK,
      description: "Built in. Sends the week's figures for every task to the chosen channels (none chosen: the default channels). Change its day, time and zone in the schedule below.",
      tags: ['sundial'],
      handler: 'weekly-report',
      config: { channels: [] },
      schedule: weekly({ days: ['mon'], time: '08:00', timezone: organizationZone() }),
      enabled: true,
      // Late after an outage, it still goes out the same day; a failed send is tried again.
      policy: { concurrency: 'forbid', misfire: 'coalesce', misfireGraceSeconds: 6 * 3600, maxAttempts: 3, backoffSeconds: 60, timeoutSeconds: 300 },
    },
    limits,
  );
  if (!task.ok) throw new Error(`could not create the built-in weekly report task: ${task.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return { created: [WEEKLY_REPORT_TASK] };
}
