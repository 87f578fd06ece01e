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
  duration_max: number;
};

/** Each task's figures over [from, to) UTC days, from the daily rollups (never the runs table). */
export async function taskWeek(q: Queryable, fromDay: string, toDay: string): Promise<TaskWeekRow[]> {
  const { rows } = await q.query<TaskWeekRow>(
    `select t.id as task_id, t.name, t.enabled,
       coalesce(sum(s.total), 0)::int as total, coalesce(sum(s.succeeded), 0)::int as succeeded,
       coalesce(sum(s.failed), 0)::int as failed, coalesce(sum(s.timed_out), 0)::int as timed_out,
       coalesce(sum(s.cancelled), 0)::int as cancelled, coalesce(sum(s.lost), 0)::int as lost,
       coalesce(sum(s.missed), 0)::int as missed, coalesce(sum(s.skipped), 0)::int as skipped,
       coalesce(max(s.duration_ms_max), 0)::int as duration_max,
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

export type Recipient = { channel_id: string | null; target: string | null; suffix: string; label: string };

/**
 * Who gets an event outside a task's policy: the named channels (or the default ones when none
 * is named) and the people who chose the event, through the same sundial_recipients the
 * engine's incident messages use. `label` names each for the run's log.
 */
export async function recipientsOf(q: Queryable, channels: string[], event: string): Promise<Recipient[]> {
  const { rows } = await q.query<Recipient>(
    `select r.channel_id, r.target, r.suffix, coalesce(c.name, r.target) as label
     from sundial_recipients(jsonb_build_object('channels', to_jsonb($1::uuid[])), $2) r
     left join notification_channels c on c.id = r.channel_id
     order by r.channel_id is null, label`,
    [channels, event],
  );
  return rows;
}

/** The first attempt of a run's retry chain: what a retry must not send again. */
export async function rootRunId(q: Queryable, runId: number): Promise<number> {
  const { rows } = await q.query<{ root: string }>('select coalesce(root_run_id, id) as root from runs where id = $1', [runId]);
  return Number(rows[0]?.root ?? runId);
}
