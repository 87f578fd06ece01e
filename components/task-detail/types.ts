import type { Jsonify } from '@/lib/client/json';
import type { runJson } from '@/lib/api/v1/run-queries';
import type { taskJson } from '@/lib/api/v1/task-json';

/** A task and a run as the REST API sends them. */
export type TaskView = Jsonify<ReturnType<typeof taskJson>>;
export type RunRow = Jsonify<ReturnType<typeof runJson>>;
export type RunPage = { items: RunRow[]; nextCursor: string | null };

/** The zone a task's times are read in: the schedule's own (cron, daily, weekly, a zoned once), else the viewer's. */
export function scheduleZone(schedule: unknown): string | undefined {
  const s = schedule as { timezone?: unknown } | null;
  return typeof s?.timezone === 'string' && s.timezone ? s.timezone : undefined;
}
