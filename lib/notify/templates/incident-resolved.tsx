import { durationText, renderMessage, timeText, type TaskRef } from './message';
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
    incidentId: '2f0c6a4e-1b7d-4c8e-9f0a-3b5d7e9f1a2c',
    task: { id: '8d3b1f2a-6c4e-4a7b-9d1e-2f3a4b5c6d7e', name: 'Nightly invoice export' },
    schedule: { kind: 'cron', expression: '0 2 * * *', timezone: 'Europe/Berlin' },
    openedAt: '2026-03-08T01:00:05.000Z',
    firstFailedAt: '2026-03-08T01:00:04.000Z',
    resolvedAt: '2026-03-09T01:00:06.000Z',
    downtimeSeconds: 86_402,
    failedRuns: 3,
    lastError: 'HTTP 503 from https://erp.example.com/export',
    links: { task: '/tasks/8d3b1f2a-6c4e-4a7b-9d1e-2f3a4b5c6d7e' },
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
