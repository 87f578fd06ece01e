import { durationText, renderMessage, timeText } from './message';
import type { Template } from './types';

/** workers.none: no live worker for the setting's minutes, once per outage (lib/notify/watch.ts). */
export type WorkersNoneData = {
  since: string;
  minutes: number;
  workers: { id: string; hostname: string; status: string; lastHeartbeatAt: string }[];
  links: { overview: string };
};

export const workersNoneTemplate: Template<WorkersNoneData> = {
  sample: {
    since: '2026-03-08T01:00:20.000Z',
    minutes: 2,
    workers: [{ id: 'worker-a', hostname: 'sched-1', status: 'running', lastHeartbeatAt: '2026-03-08T01:00:00.000Z' }],
    links: { overview: '/' },
  },
  render: (d, ctx) =>
    renderMessage(ctx, {
      event: 'workers.none',
      subject: 'No live worker: scheduled tasks are not running',
      heading: 'No live worker',
      intro: `No worker has sent a heartbeat since ${timeText(d.since)} (over ${durationText(d.minutes * 60)}). Scheduled runs wait until one is back; start a worker or check its host.`,
      facts: d.workers.map((w) => [`${w.id} on ${w.hostname}`, `${w.status}, last heartbeat ${timeText(w.lastHeartbeatAt)}`]),
      links: [{ key: 'overview', label: 'Open the overview', path: d.links.overview }],
      json: { since: d.since, minutes: d.minutes, workers: d.workers },
    }),
};
