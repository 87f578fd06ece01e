import { renderMessage, runAndTask, scheduleText, timeText, type TaskRef } from './message';
import { sampleSchedule, sampleTask, taskPath } from './samples';
import type { Template } from './types';

/** slot.missed: the scheduler recorded a slot `missed` by the task's misfire policy. */
export type SlotMissedData = { task: TaskRef; schedule: unknown; scheduledFor: string; reason: string | null; links: { run: string; task: string } };

export const slotMissedTemplate: Template<SlotMissedData> = {
  sample: {
    task: sampleTask,
    schedule: sampleSchedule,
    scheduledFor: '2026-03-08T01:00:00.000Z',
    reason: 'late by 2 h 5 min; misfire policy is skip',
    links: { run: '/runs/4811', task: taskPath },
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
      links: runAndTask(d.links, 'Open the slot'),
      json: { task: d.task, scheduledFor: d.scheduledFor, reason: d.reason },
    }),
};
