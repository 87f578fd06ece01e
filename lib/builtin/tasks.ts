import { daily } from '../schedules/builders';
import type { TaskInput } from '../tasks/input';
import { organizationZone, WEEKLY_REPORT_TASK, weeklyReportInput } from '../report/builtin';

/** One of Sundial's own tasks: created on the first start, then the users' to edit, pause or delete. */
export type Builtin = { name: string; /** The settings key that marks it created. */ mark: string; input: () => TaskInput };

export const PRUNE_TASK = 'Prune history';
export const BACKUP_TASK = 'Back up the database';

export const builtins: Builtin[] = [
  { name: WEEKLY_REPORT_TASK, mark: 'builtin.weekly-report', input: weeklyReportInput },
  {
    name: PRUNE_TASK,
    mark: 'builtin.prune',
    input: () => ({
      name: PRUNE_TASK,
      description: 'Built in. Deletes runs, log lines and sent messages older than the retention under Settings → Retention, in small batches. It replaces the hidden timer of earlier versions.',
      tags: ['sundial'],
      handler: 'sundial.prune',
      config: {},
      // Hourly, off the hour when other jobs start; each run stops after a bounded amount of work.
      schedule: { kind: 'cron', expression: '17 * * * *', timezone: 'UTC' },
      enabled: true,
      policy: { concurrency: 'forbid', misfire: 'coalesce', maxAttempts: 1, timeoutSeconds: 900 },
    }),
  },
  {
    name: BACKUP_TASK,
    mark: 'builtin.backup',
    input: () => ({
      name: BACKUP_TASK,
      description: "Built in. Backs up Sundial's own database into backups/ in the data directory of the worker that runs it, keeping the newest 7. See the README, Built-in maintenance, for restoring.",
      tags: ['sundial'],
      handler: 'sundial.backup',
      config: { keep: 7 },
      schedule: daily({ time: '03:30', timezone: organizationZone() }),
      enabled: true,
      // Late after an outage, it still runs the same day; a failed one is tried again once.
      policy: { concurrency: 'forbid', misfire: 'coalesce', misfireGraceSeconds: 6 * 3600, maxAttempts: 2, backoffSeconds: 300, timeoutSeconds: 3600 },
    }),
  },
];
