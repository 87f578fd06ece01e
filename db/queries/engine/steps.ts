import type { Queryable } from './tx';
import { storableJson } from './end-runs';

// Postgres refuses NUL in text.
const text = (value: string | undefined) => (value === undefined ? null : value.replaceAll('\0', '\uFFFD'));

export type StepRow = {
  idx: number;
  name: string;
  status: 'running' | 'succeeded' | 'failed' | 'skipped';
  result?: unknown;
  error?: string;
  reason?: string;
  durationMs?: number;
  reusedFrom?: number;
};

/**
 * Records a step of an attempt, fenced like its end: only while the attempt is running
 * under this epoch, so a worker that lost its lease cannot write over the new holder's
 * steps. A step's start keeps its time when its end arrives. Returns false when fenced out.
 */
export async function writeStep(client: Queryable, run: { id: number; epoch: number }, s: StepRow): Promise<boolean> {
  const { rowCount } = await client.query(
    `insert into run_steps as old (run_id, idx, name, status, started_at, finished_at, duration_ms, result, error, reason, reused_from)
     select $1, $3, $4, $5,
       case when $5 <> 'skipped' then now() - make_interval(secs => coalesce($6::int, 0) / 1000.0) end,
       case when $5 <> 'running' then now() end,
       $6::int, $7::jsonb, $8, $9, $10
     where exists (select 1 from runs where id = $1 and lease_epoch = $2 and status = 'running')
     on conflict (run_id, idx) do update set
       name = excluded.name, status = excluded.status, finished_at = excluded.finished_at, duration_ms = excluded.duration_ms,
       result = excluded.result, error = excluded.error, reason = excluded.reason, reused_from = excluded.reused_from,
       started_at = case when old.status = 'running' and excluded.status <> 'running' then old.started_at else excluded.started_at end`,
    [run.id, run.epoch, s.idx, text(s.name), s.status, s.durationMs ?? null, s.result === undefined ? null : storableJson(s.result), text(s.error), text(s.reason), s.reusedFrom ?? null],
  );
  return (rowCount ?? 0) > 0;
}

/** Steps still marked running when their attempt ends did not finish: they failed with it. */
export async function failOpenSteps(client: Queryable, run: { id: number; epoch: number }, error: string): Promise<void> {
  await client.query(
    `update run_steps set status = 'failed', error = $3, finished_at = now(),
       duration_ms = least(extract(epoch from now() - started_at) * 1000, 2147483647)::int
     where run_id = $1 and status = 'running'
       and exists (select 1 from runs where id = $1 and lease_epoch = $2 and status = 'running')`,
    [run.id, run.epoch, error],
  );
}

/**
 * The steps this run's retry chain already finished, newest attempt first by name: a new
 * attempt keeps their results rather than running them again. The run itself is included,
 * for a run deferred or handed back and claimed again.
 */
export async function keptSteps(client: Queryable, runId: number): Promise<{ name: string; result: unknown; runId: number }[]> {
  const { rows } = await client.query<{ name: string; result: unknown; run_id: string }>(
    `with root as (select coalesce(root_run_id, id) as id from runs where id = $1),
     chain as (
       select r.id, r.attempt from runs r where r.id = (select id from root)
       union all
       select r.id, r.attempt from runs r where r.root_run_id = (select id from root))
     select distinct on (s.name) s.name, s.result, coalesce(s.reused_from, s.run_id) as run_id
     from chain join run_steps s on s.run_id = chain.id and s.status = 'succeeded'
     order by s.name, chain.attempt desc, chain.id desc`,
    [runId],
  );
  return rows.map((r) => ({ name: r.name, result: r.result, runId: Number(r.run_id) }));
}

export type RunStep = {
  idx: number;
  name: string;
  status: StepRow['status'];
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  result: unknown;
  error: string | null;
  reason: string | null;
  reusedFrom: number | null;
};

/** A run's steps in order, for its page and the API. */
export async function runSteps(client: Queryable, runId: number): Promise<RunStep[]> {
  const { rows } = await client.query<RunStep>(
    `select idx, name, status, started_at as "startedAt", finished_at as "finishedAt", duration_ms as "durationMs",
       result, error, reason, reused_from::int as "reusedFrom"
     from run_steps where run_id = $1 order by idx`,
    [runId],
  );
  return rows;
}

/** For runs another worker recorded as ended (lost): their steps left running failed with them. */
export async function failStepsOfEndedRuns(client: Queryable, runIds: number[], error: string): Promise<void> {
  if (runIds.length === 0) return;
  await client.query(
    `update run_steps s set status = 'failed', error = $2, finished_at = now(),
       duration_ms = least(extract(epoch from now() - s.started_at) * 1000, 2147483647)::int
     from runs r where r.id = s.run_id and s.run_id = any($1::bigint[]) and s.status = 'running' and r.status not in ('queued', 'running')`,
    [runIds, error],
  );
}
