import { renderMessage, scheduleText, timeText, type TaskRef } from './message';
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
  links: { task: string; run: string };
};

export const incidentReminderTemplate: Template<IncidentReminderData> = {
  sample: {
    incidentId: '2f0c6a4e-1b7d-4c8e-9f0a-3b5d7e9f1a2c',
    reminder: 2,
    task: { id: '8d3b1f2a-6c4e-4a7b-9d1e-2f3a4b5c6d7e', name: 'Nightly invoice export' },
    schedule: { kind: 'cron', expression: '0 2 * * *', timezone: 'Europe/Berlin' },
    openedAt: '2026-03-08T01:00:05.000Z',
    firstFailedAt: '2026-03-08T01:00:04.000Z',
    failedRuns: 2,
    lastError: 'HTTP 503 from https://erp.example.com/export',
    links: { task: '/tasks/8d3b1f2a-6c4e-4a7b-9d1e-2f3a4b5c6d7e', run: '/runs/4901' },
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
      links: [
        { key: 'task', label: 'Open the task', path: d.links.task },
        { key: 'run', label: 'Last failed run', path: d.links.run },
      ],
      json: { incidentId: d.incidentId, reminder: d.reminder, task: d.task, firstFailedAt: d.firstFailedAt, failedRuns: d.failedRuns, lastError: d.lastError },
    }),
};
