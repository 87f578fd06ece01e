import { env } from '../env';
import { weekly } from '../schedules/builders';
import type { TaskInput } from '../tasks/input';

export const WEEKLY_REPORT_TASK = 'Weekly report';

/** The zone the built-in schedules start in: SUNDIAL_TIMEZONE, else the machine's. */
export function organizationZone(): string {
  return env().SUNDIAL_TIMEZONE ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

/** Sundial's own weekly report: Monday 08:00 in the organization's zone, to the default channels. */
export function weeklyReportInput(): TaskInput {
  return {
    name: WEEKLY_REPORT_TASK,
    description: "Built in. Sends the week's figures for every task to the chosen channels (none chosen: the default channels). Change its day, time and zone in the schedule below.",
    tags: ['sundial'],
    handler: 'weekly-report',
    config: { channels: [] },
    schedule: weekly({ days: ['mon'], time: '08:00', timezone: organizationZone() }),
    enabled: true,
    // Late after an outage, it still goes out the same day; a failed send is tried again.
    policy: { concurrency: 'forbid', misfire: 'coalesce', misfireGraceSeconds: 6 * 3600, maxAttempts: 3, backoffSeconds: 60, timeoutSeconds: 300 },
  };
}
