import { renderMessage, runAndTask, scheduleText, timeText, type LogLine, type TaskRef } from './message';
import { sampleError, sampleIncident, taskPath } from './samples';
import type { Template } from './types';

/** incident.opened: written by the end of runs (db/migrations/*_incident_events.sql). */
export type IncidentOpenedData = {
  incidentId: string;
  task: TaskRef;
  schedule: unknown;
  openedAt: string;
  firstFailedAt: string;
  failedRuns: number;
  status: string;
  error: string | null;
  logTail: LogLine[];
  links: { run: string | null; task: string };
};

export const incidentOpenedTemplate: Template<IncidentOpenedData> = {
  sample: {
    ...sampleIncident,
    failedRuns: 1,
    status: 'failed',
    error: sampleError,
    logTail: [
      { at: '2026-03-08T01:00:01.000Z', level: 'info', message: 'exporting 1,204 invoices' },
      { at: '2026-03-08T01:00:04.000Z', level: 'error', message: 'ERP answered 503 Service Unavailable' },
    ],
    links: { run: '/runs/4812', task: taskPath },
  },
  render: (d, ctx) =>
    renderMessage(ctx, {
      event: 'incident.opened',
      subject: `Failing: ${d.task.name}`,
      heading: `${d.task.name} is failing`,
      intro: `${d.task.name} failed ${d.failedRuns === 1 ? 'its last run' : `its last ${d.failedRuns} runs`}. You get one message now and one when it recovers.`,
      facts: [
        ['Schedule', scheduleText(d.schedule)],
        ['First failure', timeText(d.firstFailedAt)],
        ['Status', d.status],
        ['Error', d.error ?? '(no message)'],
      ],
      log: d.logTail.map((l) => `${timeText(l.at).slice(11, 19)} ${l.level.padEnd(5)} ${l.message}`),
      links: runAndTask(d.links),
      json: { incidentId: d.incidentId, task: d.task, schedule: d.schedule, firstFailedAt: d.firstFailedAt, failedRuns: d.failedRuns, status: d.status, error: d.error, logTail: d.logTail },
    }),
};
