import { durationText, renderMessage, timeText, type TaskRef } from './message';
import { sampleError, sampleIncident, taskPath } from './samples';
import type { Template } from './types';

/** incident.resolved: the task's first success after an incident opened. */
export type IncidentResolvedData = {
  incidentId: string;
  task: TaskRef;
  schedule: unknown;
  openedAt: string;
  firstFailedAt: string;
  resolvedAt: string;
  downtimeSeconds: number;
  failedRuns: number;
  lastError: string | null;
  links: { task: string };
};

export const incidentResolvedTemplate: Template<IncidentResolvedData> = {
  sample: {
    ...sampleIncident,
    resolvedAt: '2026-03-09T01:00:06.000Z',
    downtimeSeconds: 86_402,
    failedRuns: 3,
    lastError: sampleError,
    links: { task: taskPath },
  },
  render: (d, ctx) =>
    renderMessage(ctx, {
      event: 'incident.resolved',
      subject: `Recovered: ${d.task.name}`,
      heading: `${d.task.name} recovered`,
      intro: `${d.task.name} succeeded again after ${d.failedRuns === 1 ? '1 failed run' : `${d.failedRuns} failed runs`}.`,
      facts: [
        ['Downtime', durationText(d.downtimeSeconds)],
        ['Failed runs', String(d.failedRuns)],
        ['Failing since', timeText(d.firstFailedAt)],
        ['Recovered at', timeText(d.resolvedAt)],
        ['Last error', d.lastError ?? '(no message)'],
      ],
      links: [{ key: 'task', label: 'Open the task', path: d.links.task }],
      json: { incidentId: d.incidentId, task: d.task, firstFailedAt: d.firstFailedAt, resolvedAt: d.resolvedAt, downtimeSeconds: d.downtimeSeconds, failedRuns: d.failedRuns },
    }),
};
