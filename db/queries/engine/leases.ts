import { RUNS_CHANNEL } from './channels';
import type { Queryable } from './tx';

/** A run as held by one worker under one lease epoch (the fencing token). */
export type Lease = { id: number; epoch: number };

// Every statement here locks only runs, sorted by id first (lock-order.md, step 2).
const held = (extra = '') => `
  locked as (
    select r.id from runs r join v on v.id = r.id
    where r.worker_id = $1 and r.status = 'running' and r.lease_epoch = v.epoch ${extra}
    order by r.id for update)`;
const leases = `v as (select * from unnest($2::bigint[], $3::int[]) as v(id, epoch))`;
const ids = (l: Lease[]) => [l.map((x) => x.id), l.map((x) => x.epoch)];

/** Extend this worker's leases. Returns the runs still held, with any cancel request. */
export async function renewLeases(client: Queryable, workerId: string, runs: Lease[], leaseSeconds: number): Promise<{ id: number; cancelRequested: boolean }[]> {
  if (runs.length === 0) return [];
  const { rows } = await client.query<{ id: string; cancel_requested_at: Date | null }>({
    name: 'sundial_renew_leases',
    text: `with ${leases}, ${held()}
      update runs set lease_expires_at = now() + make_interval(secs => $4) from locked where runs.id = locked.id
      returning runs.id, runs.cancel_requested_at`,
    values: [workerId, ...ids(runs), leaseSeconds],
  });
  return rows.map((r) => ({ id: Number(r.id), cancelRequested: r.cancel_requested_at !== null }));
}

/** Give runs back to the queue (a draining worker, or a claim that returned after the drain began). */
export async function handBackRuns(client: Queryable, workerId: string, runs: Lease[], reason: string): Promise<number> {
  if (runs.length === 0) return 0;
  const { rows } = await client.query<{ n: number }>(
    `with ${leases}, ${held()},
     back as (
       update runs set status = 'queued', worker_id = null, lease_expires_at = null, not_before = now(), reason = $4, updated_at = now()
       from locked where runs.id = locked.id
       returning runs.id)
     select count(*)::int as n, pg_notify('${RUNS_CHANNEL}', '') from back having count(*) > 0`,
    [workerId, ...ids(runs), reason],
  );
  return rows[0]?.n ?? 0;
}

/**
 * The run goes on outside any worker (an app answered 202): its holder becomes `holder`, whose
 * lease runs until the run's timeout from its start. The app reports with the run token; the
 * reaper ends it `timed_out` if it never does. Not an end: the attempt stays `running`.
 */
export async function handOverRun(client: Queryable, workerId: string, run: Lease, holder: string, timeoutSeconds: number): Promise<boolean> {
  const { rowCount } = await client.query(
    `with ${leases}, ${held()}
     update runs set worker_id = $4, lease_expires_at = runs.started_at + make_interval(secs => $5), updated_at = now()
     from locked where runs.id = locked.id`,
    [workerId, ...ids([run]), holder, timeoutSeconds],
  );
  return (rowCount ?? 0) > 0;
}

/** A handler was told to slow down: queue the same run again after `delayMs`. Not an attempt. */
export async function deferRun(client: Queryable, workerId: string, run: Lease, delayMs: number, reason: string): Promise<boolean> {
  const { rowCount } = await client.query(
    `with ${leases}, ${held()}
     update runs set status = 'queued', worker_id = null, lease_expires_at = null, reason = $5,
       not_before = now() + make_interval(secs => $4::float8 / 1000), updated_at = now()
     from locked where runs.id = locked.id`,
    [workerId, ...ids([run]), delayMs, reason],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Queue the same run again on `queue` (null: in-process), at once, without counting an
 * attempt: a pipeline's run moves to a remote step's queue and back. Fenced like a deferral.
 */
export async function moveRun(client: Queryable, workerId: string, run: Lease, queue: string | null, reason: string): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    `with ${leases}, ${held()},
     moved as (
       update runs set status = 'queued', queue = $4, worker_id = null, lease_expires_at = null, not_before = now(), reason = $5, updated_at = now()
       from locked where runs.id = locked.id
       returning runs.id)
     select count(*)::int as n, pg_notify('${RUNS_CHANNEL}', '') from moved having count(*) > 0`,
    [workerId, ...ids([run]), queue, reason],
  );
  return (rows[0]?.n ?? 0) > 0;
}
