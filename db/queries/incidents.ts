import { sql } from 'drizzle-orm';
import type { Db } from '../client';

// Incidents as people read and acknowledge them, and the reminder timer's statement.

export type IncidentRow = {
  id: string;
  task_id: string;
  task_name: string;
  status: 'open' | 'resolved';
  opened_at: Date;
  resolved_at: Date | null;
  first_run_id: string | null;
  first_failed_at: Date;
  last_run_id: string | null;
  failed_runs: number;
  last_error: string | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_email: string | null;
  acknowledge_note: string | null;
  last_reminder_at: Date | null;
  /** opened_at as Postgres prints it, for a cursor that keeps microseconds. */
  key: string;
};

const COLUMNS = sql.raw(`i.id, i.task_id, t.name as task_name, i.status, i.opened_at, i.resolved_at, i.first_run_id, i.first_failed_at, i.last_run_id,
  i.failed_runs, i.last_error, i.acknowledged_at, i.acknowledged_by, u.email as acknowledged_by_email, i.acknowledge_note, i.last_reminder_at,
  i.opened_at::text as key`);
const FROM = sql.raw('from incidents i join tasks t on t.id = i.task_id left join users u on u.id = i.acknowledged_by');

export type IncidentFilter = { status?: 'open' | 'resolved'; taskId?: string; after?: { key: string; id: string }; limit: number };

/** Newest first, (opened_at, id) descending, a page at a time (limit + 1 rows tell there is more). */
export async function listIncidents(db: Db, f: IncidentFilter): Promise<IncidentRow[]> {
  const { rows } = await db.execute<IncidentRow>(sql`
    select ${COLUMNS} ${FROM}
    where (${f.status ?? null}::text is null or i.status = ${f.status ?? null}) and (${f.taskId ?? null}::uuid is null or i.task_id = ${f.taskId ?? null})
      and (${f.after?.key ?? null}::timestamptz is null or (i.opened_at, i.id) < (${f.after?.key ?? null}::timestamptz, ${f.after?.id ?? null}::uuid))
    order by i.opened_at desc, i.id desc limit ${f.limit + 1}`);
  return rows;
}

export async function findIncident(db: Db, id: string): Promise<IncidentRow | null> {
  const { rows } = await db.execute<IncidentRow>(sql`select ${COLUMNS} ${FROM} where i.id = ${id}`);
  return rows[0] ?? null;
}

/** Acknowledge an open incident: its reminders stop. False when it is not open (or not there). */
export async function acknowledgeIncident(db: Db, id: string, userId: string | null, note: string): Promise<boolean> {
  const { rows } = await db.execute(sql`
    update incidents set acknowledged_at = now(), acknowledged_by = ${userId}, acknowledge_note = ${note}, updated_at = now()
    where id = ${id} and status = 'open' returning id`);
  return rows.length > 0;
}

/**
 * One reminder per open, unacknowledged incident whose task asks for reminders and whose last
 * reminder (or opening) is at least remindEveryHours old: the incident's row first (skip
 * locked, so two workers never remind twice), then the outbox rows. The reminder's number is
 * in its dedupe key, so a repeated statement queues nothing twice.
 */
export async function queueReminders(db: Db): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    with due as (
       select i.id, i.task_id, i.opened_at, i.first_failed_at, i.failed_runs, i.last_error, i.last_run_id,
         t.name, t.schedule, t.notify,
         floor(extract(epoch from now() - i.opened_at) / 3600 / (t.notify->>'remindEveryHours')::float8)::int as number
       from incidents i join tasks t on t.id = i.task_id
       where i.status = 'open' and i.acknowledged_at is null
         and jsonb_typeof(t.notify->'remindEveryHours') = 'number' and sundial_task_wants(t.notify, 'failure')
         and coalesce(i.last_reminder_at, i.opened_at) <= now() - make_interval(secs => (t.notify->>'remindEveryHours')::float8 * 3600)
       order by i.id
       for update of i skip locked),
     marked as (
       update incidents i set last_reminder_at = now(), updated_at = now() from due where i.id = due.id returning i.id),
     queued as (
       insert into outbox (channel_id, target, event, dedupe_key, task_id, data)
       select r.channel_id, r.target, 'incident.reminder', 'incident:' || d.id || ':reminder:' || d.number || ':' || r.suffix, d.task_id, jsonb_build_object(
         'incidentId', d.id, 'reminder', d.number, 'task', jsonb_build_object('id', d.task_id, 'name', d.name), 'schedule', d.schedule,
         'openedAt', d.opened_at, 'firstFailedAt', d.first_failed_at, 'failedRuns', d.failed_runs, 'lastError', d.last_error,
         'links', jsonb_build_object('task', '/tasks/' || d.task_id, 'run', '/runs/' || d.last_run_id))
       from due d join marked m on m.id = d.id, sundial_recipients(d.notify, 'incident.reminder') r
       on conflict (dedupe_key) do nothing
       returning 1)
     select count(*)::int as n from queued`);
  return rows[0]?.n ?? 0;
}

/** The settings row that says after how many minutes without a live worker to tell (default 2). */
export const WORKERS_NONE_MINUTES_KEY = 'notify.workersNoneMinutes';

/**
 * "No live worker" for the setting's minutes: one workers.none message per default channel
 * and outage. The outage starts when the last worker stopped, or when the freshest heartbeat
 * went stale (liveSeconds after it), which stays the same however often this runs; the dedupe
 * key holds it, so the web process and every worker may all run this and one message goes out.
 * A database without any worker row (a fresh install) has had no outage.
 */
export async function queueWorkersNone(db: Db, liveSeconds: number): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    with seen as (
      select max(case when status = 'stopped' then coalesce(stopped_at, last_heartbeat_at) else last_heartbeat_at + make_interval(secs => ${liveSeconds}) end) as since,
        bool_or(status <> 'stopped' and last_heartbeat_at > now() - make_interval(secs => ${liveSeconds})) as live,
        coalesce((select (value #>> '{}')::float8 from settings where key = ${WORKERS_NONE_MINUTES_KEY}), 2) as minutes
      -- Remote workers (queues set) run only their queues: they do not keep the engine alive.
      from workers where queues is null),
    outage as (
      select s.since, s.minutes, (select jsonb_agg(jsonb_build_object('id', w.id, 'hostname', w.hostname, 'status', w.status, 'lastHeartbeatAt', w.last_heartbeat_at)
                                     order by w.last_heartbeat_at desc) from (select * from workers where queues is null order by last_heartbeat_at desc limit 5) w) as workers
      from seen s where not s.live and s.since <= now() - make_interval(secs => s.minutes * 60)),
    queued as (
      insert into outbox (channel_id, target, event, dedupe_key, data)
      select r.channel_id, r.target, 'workers.none', 'workers.none:' || extract(epoch from o.since)::text || ':' || r.suffix,
        jsonb_build_object('since', o.since, 'minutes', o.minutes, 'workers', coalesce(o.workers, '[]'::jsonb), 'links', jsonb_build_object('overview', '/'))
      -- No task: the default channels, and whoever chose this event.
      from outage o, sundial_recipients('{}'::jsonb, 'workers.none') r
      order by r.suffix
      on conflict (dedupe_key) do nothing
      returning 1)
    select count(*)::int as n from queued`);
  return rows[0]?.n ?? 0;
}
