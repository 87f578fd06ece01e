import { DURATION_BUCKETS_MS } from '../schema/tasks';
import type { Queryable } from './engine/tx';

export type TaskWeekRow = {
  task_id: string;
  name: string;
  enabled: boolean;
  total: number;
  succeeded: number;
  failed: number;
  timed_out: number;
  cancelled: number;
  lost: number;
  missed: number;
  skipped: number;
  buckets: number[];
};

/** Each task's figures over [from, to) UTC days, from the daily rollups (never the runs table). */
export async function taskWeek(q: Queryable, fromDay: string, toDay: string): Promise<TaskWeekRow[]> {
  const { rows } = await q.query<TaskWeekRow>(
    `select t.id as task_id, t.name, t.enabled,
       coalesce(sum(s.total), 0)::int as total, coalesce(sum(s.succeeded), 0)::int as succeeded,
       coalesce(sum(s.failed), 0)::int as failed, coalesce(sum(s.timed_out), 0)::int as timed_out,
       coalesce(sum(s.cancelled), 0)::int as cancelled, coalesce(sum(s.lost), 0)::int as lost,
       coalesce(sum(s.missed), 0)::int as missed, coalesce(sum(s.skipped), 0)::int as skipped,
       coalesce((select array_agg(b order by i) from (
          select i, sum(coalesce(x.duration_buckets[i], 0))::int as b
          from task_stats_daily x, generate_series(1, $3::int) i
          where x.task_id = t.id and x.day >= $1::date and x.day < $2::date group by i) h), '{}') as buckets
     from tasks t left join task_stats_daily s on s.task_id = t.id and s.day >= $1::date and s.day < $2::date
     group by t.id order by t.name`,
    [fromDay, toDay, DURATION_BUCKETS_MS.length + 1],
  );
  return rows;
}

export type SlowRunRow = { id: string; task_id: string; task_name: string; duration_ms: number; started_at: Date; status: string };

/** The slowest runs that started in [from, to). */
export async function slowestRuns(q: Queryable, from: Date, to: Date, limit: number): Promise<SlowRunRow[]> {
  const { rows } = await q.query<SlowRunRow>(
    `select r.id, r.task_id, t.name as task_name, r.duration_ms, r.started_at, r.status
     from runs r join tasks t on t.id = r.task_id
     where r.scheduled_for >= $1 and r.scheduled_for < $2 and r.duration_ms is not null
     order by r.duration_ms desc limit $3`,
    [from, to, limit],
  );
  return rows;
}

export type OpenIncidentRow = { id: string; task_id: string; task_name: string; opened_at: Date; failed_runs: number; acknowledged_at: Date | null };

export async function openIncidents(q: Queryable): Promise<OpenIncidentRow[]> {
  const { rows } = await q.query<OpenIncidentRow>(
    `select i.id, i.task_id, t.name as task_name, i.opened_at, i.failed_runs, i.acknowledged_at
     from incidents i join tasks t on t.id = i.task_id where i.status = 'open' order by i.opened_at`,
  );
  return rows;
}

export type WorkerUptimeRow = { id: string; hostname: string; started_at: Date; last_heartbeat_at: Date; status: string; live: boolean };

/** Workers seen during [from, to): a heartbeat in the window, or still running. */
export async function workersSeen(q: Queryable, from: Date, liveSeconds: number): Promise<WorkerUptimeRow[]> {
  const { rows } = await q.query<WorkerUptimeRow>(
    `select id, hostname, started_at, last_heartbeat_at, status,
       (status <> 'stopped' and last_heartbeat_at > now() - make_interval(secs => $2)) as live
     from workers where last_heartbeat_at >= $1 order by started_at`,
    [from, liveSeconds],
  );
  return rows;
}

/** The channels a message goes to: the ones named (enabled), or the default ones when none is named. */
export async function channelsFor(q: Queryable, named: string[]): Promise<{ id: string; name: string }[]> {
  const { rows } = await q.query<{ id: string; name: string }>(
    `select id, name from notification_channels
     where enabled and (case when cardinality($1::uuid[]) = 0 then is_default else id = any ($1::uuid[]) end)
     order by name`,
    [named],
  );
  return rows;
}

/** The first attempt of a run's retry chain: what a retry must not send again. */
export async function rootRunId(q: Queryable, runId: number): Promise<number> {
  const { rows } = await q.query<{ root: string }>('select coalesce(root_run_id, id) as root from runs where id = $1', [runId]);
  return Number(rows[0]?.root ?? runId);
}

/** The enabled users who chose to be emailed about an event (Account page). */
export async function subscribersOf(q: Queryable, event: string): Promise<{ id: string; email: string }[]> {
  const { rows } = await q.query<{ id: string; email: string }>('select id, email from users where disabled_at is null and $1 = any (notify_events) order by email', [event]);
  return rows;
}
