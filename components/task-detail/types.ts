import type { Jsonify } from '@/lib/client/json';
import type { runJson } from '@/lib/api/v1/run-queries';
import type { taskJson } from '@/lib/api/v1/task-json';

/** A task and a run as the REST API sends them. */
export type TaskView = Jsonify<ReturnType<typeof taskJson>>;
export type RunRow = Jsonify<ReturnType<typeof runJson>>;
export type RunPage = { items: RunRow[]; nextCursor: string | null };

/** The zone a task's times are read in: a cron schedule's own, else the viewer's. */
export function scheduleZone(schedule: unknown): string | undefined {
  const s = schedule as { kind?: string; timezone?: unknown } | null;
  return s?.kind === 'cron' && typeof s.timezone === 'string' ? s.timezone : undefined;
}
