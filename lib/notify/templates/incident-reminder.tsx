import { renderMessage, runAndTask, scheduleText, timeText, type TaskRef } from './message';
import { sampleError, sampleIncident, taskPath } from './samples';
import type { Template } from './types';

/** incident.reminder: every remindEveryHours while an incident is open and not acknowledged. */
export type IncidentReminderData = {
  incidentId: string;
  reminder: number;
  task: TaskRef;
  schedule: unknown;
  openedAt: string;
  firstFailedAt: string;
  failedRuns: number;
  lastError: string | null;
  links: { task: string; run: string | null };
};

export const incidentReminderTemplate: Template<IncidentReminderData> = {
  sample: {
    ...sampleIncident,
    reminder: 2,
    failedRuns: 2,
    lastError: sampleError,
    links: { task: taskPath, run: '/runs/4901' },
  },
  render: (d, ctx) =>
    renderMessage(ctx, {
      event: 'incident.reminder',
      subject: `Still failing: ${d.task.name}`,
      heading: `${d.task.name} is still failing`,
      intro: `Nobody has acknowledged this incident yet. Acknowledge it on the task page to stop these reminders.`,
      facts: [
        ['Failing since', timeText(d.firstFailedAt)],
        ['Failed runs', String(d.failedRuns)],
        ['Schedule', scheduleText(d.schedule)],
        ['Last error', d.lastError ?? '(no message)'],
      ],
      links: runAndTask(d.links, 'Last failed run'),
      json: { incidentId: d.incidentId, reminder: d.reminder, task: d.task, firstFailedAt: d.firstFailedAt, failedRuns: d.failedRuns, lastError: d.lastError },
    }),
};
