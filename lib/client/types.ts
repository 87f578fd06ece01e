// What the REST API sends, as the browser sees it (dates are ISO strings). Type-only
// imports: nothing server-side reaches the client bundle.
import type { taskJson } from '../api/v1/task-json';
import type { runJson } from '../api/v1/run-queries';
import type { DayStats } from '../api/v1/overview';
import type { listRecentWorkers } from '../../db/queries/workers';
import type { workersAndQueue } from '../api/v1/catalog';
import type { IncidentJson as ServerIncident } from '../api/v1/incidents';
import type { Jsonify } from './json';

export type TaskJson = Jsonify<ReturnType<typeof taskJson>>;
export type RunJson = Jsonify<ReturnType<typeof runJson>>;
export type IncidentJson = Jsonify<ServerIncident>;
export type Page<T> = { items: T[]; nextCursor: string | null; total?: number };
export type { DayStats };
export type WorkerJson = Jsonify<Awaited<ReturnType<typeof listRecentWorkers>>[number]>;
/** GET /api/v1/workers: the workers and the queue of runs waiting for them. */
export type WorkersJson = Jsonify<Awaited<ReturnType<typeof workersAndQueue>>>;
export type QueueJson = WorkersJson['queue'];

/** The zone a task's times are shown in: its schedule's own zone; UTC for the zone-free kinds. */
export function taskZone(task: Pick<TaskJson, 'schedule'>): string {
  const schedule = task.schedule as { timezone?: unknown };
  return typeof schedule.timezone === 'string' && schedule.timezone ? schedule.timezone : 'UTC';
}

/** Succeeded out of finished, or null before anything finished. */
export function successRate(totals: TaskJson['totals']): number | null {
  const finished = totals.succeeded + totals.failed;
  return finished === 0 ? null : totals.succeeded / finished;
}
