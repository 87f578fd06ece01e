import type { Queryable } from '../../db/queries/engine/tx';

export type RemoteStep = { idx: number; name: string; config: Record<string, unknown>; startedAt: Date | null; later: string[] };

type Step = { name: string; config?: Record<string, unknown> };

/**
 * The remote step a pipeline's run waits on: the step it left running when it moved to the
 * step's queue, with the step's config from the task's pipeline config and the names of the
 * steps after it. Null when the run waits on no step.
 */
export async function remoteStepOf(client: Queryable, runId: number, taskConfig: unknown): Promise<RemoteStep | null> {
  const { rows } = await client.query<{ idx: number; name: string; started_at: Date | null }>(
    `select idx, name, started_at from run_steps where run_id = $1 and status = 'running' order by idx desc limit 1`,
    [runId],
  );
  const row = rows[0];
  const steps = ((taskConfig as { steps?: Step[] } | null)?.steps ?? []) as Step[];
  const at = row ? steps.findIndex((s) => s.name === row.name) : -1;
  if (!row || at < 0) return null;
  return { idx: row.idx, name: row.name, config: steps[at]!.config ?? {}, startedAt: row.started_at, later: steps.slice(at + 1).map((s) => s.name) };
}

/** The results of the steps a run finished so far, by name: what a remote step gets, as an http step does. */
export async function stepResults(client: Queryable, runId: number): Promise<Record<string, unknown>> {
  const { rows } = await client.query<{ name: string; result: unknown }>(`select name, result from run_steps where run_id = $1 and status = 'succeeded' order by idx`, [runId]);
  return Object.fromEntries(rows.map((r) => [r.name, r.result]));
}
