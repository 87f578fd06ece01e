import { renderMessage, scheduleText, timeText, type TaskRef } from './message';
import type { Template } from './types';

/** slot.missed: the scheduler recorded a slot `missed` by the task's misfire policy. */
export type SlotMissedData = { task: TaskRef; schedule: unknown; scheduledFor: string; reason: string | null; links: { run: string; task: string } };

export const slotMissedTemplate: Template<SlotMissedData> = {
  sample: {
    task: { id: '8d3b1f2a-6c4e-4a7b-9d1e-2f3a4b5c6d7e', name: 'Nightly invoice export' },
    schedule: { kind: 'cron', expression: '0 2 * * *', timezone: 'Europe/Berlin' },
    scheduledFor: '2026-03-08T01:00:00.000Z',
    reason: 'late by 2 h 5 min; misfire policy is skip',
    links: { run: '/runs/4811', task: '/tasks/8d3b1f2a-6c4e-4a7b-9d1e-2f3a4b5c6d7e' },
  },
  render: (d, ctx) =>
    renderMessage(ctx, {
      event: 'slot.missed',
      subject: `Missed: ${d.task.name} at ${timeText(d.scheduledFor)}`,
      heading: `${d.task.name} missed a slot`,
      intro: `The run due at ${timeText(d.scheduledFor)} did not start: no worker was there in time, and the misfire policy recorded it missed.`,
      facts: [
        ['Slot', timeText(d.scheduledFor)],
        ['Schedule', scheduleText(d.schedule)],
        ['Why', d.reason ?? '(no reason recorded)'],
      ],
      links: [
        { key: 'run', label: 'Open the slot', path: d.links.run },
        { key: 'task', label: 'Open the task', path: d.links.task },
      ],
      json: { task: d.task, scheduledFor: d.scheduledFor, reason: d.reason },
    }),
};
