import { renderMessage, runAndTask, timeText } from './message';
import type { Template } from './types';

/** run.finished: POSTed to a task's callbackUrl (a target, no channel) at the end of each run chain. */
export type RunFinishedData = {
  runId: number;
  taskId: string;
  taskName: string;
  outcome: string;
  result: unknown;
  error: string | null;
  attempt: number;
  startedAt: string | null;
  finishedAt: string;
  durationMs: number | null;
  links: { run: string; task: string };
};

export const runFinishedTemplate: Template<RunFinishedData> = {
  sample: {
    runId: 5120,
    taskId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
    taskName: 'CSV import',
    outcome: 'succeeded',
    result: { imported: 1204, skipped: 3 },
    error: null,
    attempt: 1,
    startedAt: '2026-03-08T09:15:00.000Z',
    finishedAt: '2026-03-08T09:15:12.000Z',
    durationMs: 12_000,
    links: { run: '/runs/5120', task: '/tasks/5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e' },
  },
  render: (d, ctx) =>
    renderMessage(ctx, {
      event: 'run.finished',
      subject: `Run ${d.runId} of ${d.taskName}: ${d.outcome}`,
      heading: `${d.taskName}: ${d.outcome}`,
      intro: `Run ${d.runId} finished at ${timeText(d.finishedAt)}.`,
      facts: [
        ['Outcome', d.outcome],
        ...(d.error ? ([['Error', d.error]] as [string, string][]) : []),
        ['Result', JSON.stringify(d.result ?? null)],
      ],
      links: runAndTask(d.links),
      json: { runId: d.runId, taskId: d.taskId, taskName: d.taskName, outcome: d.outcome, result: d.result ?? null, error: d.error, attempt: d.attempt, startedAt: d.startedAt, finishedAt: d.finishedAt, durationMs: d.durationMs },
    }),
};
