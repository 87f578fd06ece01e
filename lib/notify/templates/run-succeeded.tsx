import { renderMessage, runAndTask, timeText, type TaskRef } from './message';
import type { Template } from './types';

/** run.succeeded: every successful run of a task that asks for it (events.success). */
export type RunSucceededData = {
  run: { id: number; status: string; startedAt: string | null; finishedAt: string; durationMs: number | null; attempt: number };
  task: TaskRef;
  links: { run: string; task: string };
};

export const runSucceededTemplate: Template<RunSucceededData> = {
  sample: {
    run: { id: 4913, status: 'succeeded', startedAt: '2026-03-08T01:00:00.000Z', finishedAt: '2026-03-08T01:00:42.000Z', durationMs: 42_000, attempt: 1 },
    task: { id: '3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Nightly backup' },
    links: { run: '/runs/4913', task: '/tasks/3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
  },
  render: (d, ctx) =>
    renderMessage(ctx, {
      event: 'run.succeeded',
      subject: `Succeeded: ${d.task.name}`,
      heading: `${d.task.name} succeeded`,
      intro: `Run ${d.run.id} of ${d.task.name} finished successfully.`,
      facts: [
        ['Finished', timeText(d.run.finishedAt)],
        ['Duration', d.run.durationMs === null ? 'unknown' : `${(d.run.durationMs / 1000).toFixed(1)} s`],
        ...(d.run.attempt > 1 ? ([['Attempt', String(d.run.attempt)]] as [string, string][]) : []),
      ],
      links: runAndTask(d.links),
      json: { run: d.run, task: d.task },
    }),
};
