import { beforeAll, describe, expect, it } from 'vitest';
import { queueReminders } from '../../../db/queries/incidents';
import { auditRoute } from '../../../lib/api/v1/admin';
import { acknowledgeIncidentRoute, listIncidentsRoute } from '../../../lib/api/v1/incidents';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { endOneRun, makeChannel, outboxRows } from '../../helpers/outbox';
import { makeTask } from '../../helpers/tasks';

// GET /api/v1/incidents and POST /api/v1/incidents/{id}/acknowledge, and the reminders that
// acknowledging stops.

const database = withTestDatabase();
withApiEnvironment(database);
let callers: Caller[];
const as = (label: string) => callers.find((c) => c.label === label)!.headers;
beforeAll(async () => {
  callers = await makeCallers(database);
});
const manual = { kind: 'manual' as const };

async function failingTask(name: string, notify: Record<string, unknown> = {}): Promise<{ taskId: string; incidentId: string }> {
  const task = await makeTask(database, { name, schedule: manual, notify });
  await endOneRun(database, task.id, 'failed');
  const { rows } = await database.pool.query(`select id from incidents where task_id = $1 and status = 'open'`, [task.id]);
  return { taskId: task.id, incidentId: rows[0].id };
}
const acknowledge = (id: string, who: string, body: unknown = { note: 'on it: the bank API is down' }) =>
  call(acknowledgeIncidentRoute, 'POST', `/api/v1/incidents/${id}/acknowledge`, { headers: as(who), params: { id }, body });

describe('incidents API', () => {
  it('lists incidents newest first, filters by status and task, and pages with a cursor', async () => {
    const a = await failingTask('list a');
    const b = await failingTask('list b');
    await endOneRun(database, a.taskId, 'succeeded');
    const all = await call(listIncidentsRoute, 'GET', '/api/v1/incidents?limit=1', { headers: as('viewer session') });
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(1);
    expect(all.body.items[0]).toMatchObject({ id: b.incidentId, status: 'open', task: { name: 'list b' }, failedRuns: 1, acknowledged: null });
    const next = await call(listIncidentsRoute, 'GET', `/api/v1/incidents?limit=1&cursor=${all.body.nextCursor}`, { headers: as('viewer API key') });
    expect(next.body.items[0]).toMatchObject({ id: a.incidentId, status: 'resolved' });
    const open = await call(listIncidentsRoute, 'GET', '/api/v1/incidents?status=open', { headers: as('viewer session') });
    expect(open.body.items.map((i: { id: string }) => i.id)).toContain(b.incidentId);
    expect(open.body.items.map((i: { id: string }) => i.id)).not.toContain(a.incidentId);
    const ofTask = await call(listIncidentsRoute, 'GET', `/api/v1/incidents?taskId=${a.taskId}`, { headers: as('viewer session') });
    expect(ofTask.body.items.map((i: { id: string }) => i.id)).toEqual([a.incidentId]);
    expect((await call(listIncidentsRoute, 'GET', '/api/v1/incidents?status=bad', { headers: as('viewer session') })).status).toBe(422);
    expect((await call(listIncidentsRoute, 'GET', '/api/v1/incidents?cursor=nope', { headers: as('viewer session') })).status).toBe(422);
    expect((await call(listIncidentsRoute, 'GET', '/api/v1/incidents', { headers: as('no auth') })).status).toBe(401);
  });

  it('operators and admins acknowledge with a note, audited; viewers are refused and change nothing', async () => {
    const { incidentId } = await failingTask('ack');
    expect((await acknowledge(incidentId, 'viewer session')).status).toBe(403);
    expect((await acknowledge(incidentId, 'viewer API key')).status).toBe(403);
    expect((await acknowledge(incidentId, 'operator session', { note: '  ' })).status).toBe(422);
    expect((await database.pool.query('select acknowledged_at from incidents where id = $1', [incidentId])).rows[0].acknowledged_at).toBeNull();

    const res = await acknowledge(incidentId, 'operator session');
    expect(res.status).toBe(200);
    expect(res.body.acknowledged).toMatchObject({ by: expect.stringContaining('operator'), note: 'on it: the bank API is down' });
    const audit = await call(auditRoute, 'GET', '/x?limit=5', { headers: as('admin session') });
    expect(audit.body.items[0]).toMatchObject({ action: 'incident.acknowledge', targetId: incidentId });
    expect((await acknowledge(incidentId, 'admin API key')).status).toBe(200);
    expect((await acknowledge('00000000-0000-4000-8000-000000000000', 'admin session')).status).toBe(404);
  });

  it('reminds every H hours while open and not acknowledged, once per period, and stops when acknowledged', async () => {
    const ch = await makeChannel(database, 'remind-ch');
    const { taskId, incidentId } = await failingTask('remind', { channels: [ch], remindEveryHours: 2 });
    const reminders = () => outboxRows(database, `task_id = $1 and event = 'incident.reminder'`, [taskId]);
    await queueReminders(database.db);
    expect(await reminders()).toEqual([]);
    // Opened 5 h ago: reminder number 2 is due (2 h periods), and only once.
    await database.pool.query(`update incidents set opened_at = now() - interval '5 hours' where id = $1`, [incidentId]);
    await queueReminders(database.db);
    await queueReminders(database.db);
    expect((await reminders()).map((r) => r.dedupe_key)).toEqual([`incident:${incidentId}:reminder:2:${ch}`]);
    expect((await reminders())[0]!.data).toMatchObject({ incidentId, reminder: 2, task: { id: taskId, name: 'remind' } });
    // Two hours later the next one is due, unless someone acknowledged it.
    await database.pool.query(`update incidents set opened_at = opened_at - interval '2 hours', last_reminder_at = now() - interval '2 hours' where id = $1`, [incidentId]);
    expect((await acknowledge(incidentId, 'operator API key')).status).toBe(200);
    await queueReminders(database.db);
    expect(await reminders()).toHaveLength(1);
  });
});
