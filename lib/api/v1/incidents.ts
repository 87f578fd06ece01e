import { z } from 'zod';
import { acknowledgeIncident, findIncident, listIncidents, type IncidentRow } from '../../../db/queries/incidents';
import { AppError, notFound } from '../errors';
import { route } from '../route';
import { badCursor, cursorParts, isPgTimestamp, isUuid } from './cursor';
import { idParam } from './task-json';

// Incidents: a task failing N slots in a row, until its next success. Everyone reads them;
// operators and admins acknowledge one with a note, which stops its reminders.

export function incidentJson(i: IncidentRow) {
  return {
    id: i.id,
    task: { id: i.task_id, name: i.task_name },
    status: i.status,
    openedAt: i.opened_at,
    resolvedAt: i.resolved_at,
    firstFailedAt: i.first_failed_at,
    firstRunId: i.first_run_id === null ? null : Number(i.first_run_id),
    lastRunId: i.last_run_id === null ? null : Number(i.last_run_id),
    failedRuns: i.failed_runs,
    lastError: i.last_error,
    acknowledged: i.acknowledged_at ? { at: i.acknowledged_at, by: i.acknowledged_by_email, note: i.acknowledge_note } : null,
    lastReminderAt: i.last_reminder_at,
  };
}
export type IncidentJson = ReturnType<typeof incidentJson>;

export const listIncidentsQuery = z
  .object({
    status: z.enum(['open', 'resolved']).optional(),
    taskId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(500).optional().describe('nextCursor from the previous page'),
  })
  .strict();

const encode = (i: IncidentRow) => Buffer.from(JSON.stringify([i.key, i.id])).toString('base64url');
function decode(cursor: string): { key: string; id: string } {
  const parts = cursorParts(cursor);
  if (parts?.length === 2 && isPgTimestamp(parts[0]) && isUuid(parts[1])) return { key: parts[0], id: parts[1] };
  throw badCursor();
}

export async function incidentPage(db: Parameters<typeof listIncidents>[0], q: z.output<typeof listIncidentsQuery>) {
  const rows = await listIncidents(db, { status: q.status, taskId: q.taskId, limit: q.limit, after: q.cursor ? decode(q.cursor) : undefined });
  const items = rows.slice(0, q.limit);
  return { items: items.map(incidentJson), nextCursor: rows.length > q.limit ? encode(items.at(-1)!) : null };
}

export const listIncidentsRoute = route({ role: 'viewer', query: listIncidentsQuery }, async ({ db, query }) => ({ body: await incidentPage(db, query) }));

const acknowledgeBody = z.object({ note: z.string().trim().min(1, 'say what is being done').max(2000) }).strict();

export const acknowledgeIncidentRoute = route({ role: 'operator', body: acknowledgeBody }, async ({ db, params, body, principal }) => {
  const id = idParam(params, 'incident');
  const before = await findIncident(db, id);
  if (!before) throw notFound('incident');
  if (!(await acknowledgeIncident(db, id, principal.kind === 'user' ? principal.id : null, body.note))) {
    throw new AppError('conflict', 'the incident is resolved: there is nothing to acknowledge');
  }
  const after = incidentJson((await findIncident(db, id))!);
  return {
    body: after,
    audit: { action: 'incident.acknowledge', targetType: 'incident', targetId: id, before: { acknowledged: incidentJson(before).acknowledged }, after: { acknowledged: after.acknowledged } },
  };
});
