import type { Queryable } from './tx';

/** A claimed run with what running it needs: one round trip from queue to handler. */
export type ClaimedRun = {
  id: number;
  taskId: string;
  attempt: number;
  params: Record<string, unknown> | null;
  testMode: boolean;
  scheduledFor: Date;
  /** The fencing token: renewals and the run's end present it. */
  epoch: number;
  taskName: string;
  handler: string;
  config: unknown;
  policy: unknown;
  trigger: string;
  /** The remote queue it waited on; null for in-process runs. */
  queue: string | null;
};

type Row = {
  id: string;
  task_id: string;
  attempt: number;
  params: Record<string, unknown> | null;
  test_mode: boolean;
  scheduled_for: Date;
  lease_epoch: number;
  task_name: string;
  handler: string;
  config: unknown;
  policy: unknown;
  trigger: string;
  queue: string | null;
};

/**
 * Claim up to `limit` runnable runs; the lease is set in the same statement. The concurrency
 * and rate-limit rules live in sundial_claim_runs (db/migrations/0008_claim_walk.sql; a migration
 * redefines the whole function, so the newest one that does is the source: 0020_claim_counts_batch_items.sql).
 * In-process workers pass no queues and get only runs without one; remote workers name theirs.
 */
export async function claimRuns(client: Queryable, workerId: string, limit: number, leaseSeconds: number, queues?: string[]): Promise<ClaimedRun[]> {
  if (limit <= 0) return [];
  const { rows } = queues
    ? await client.query<Row>({ name: 'sundial_claim_queue_runs', text: 'select * from sundial_claim_runs($1, $2, $3, $4)', values: [workerId, limit, leaseSeconds, queues] })
    : await client.query<Row>({ name: 'sundial_claim_runs', text: 'select * from sundial_claim_runs($1, $2, $3)', values: [workerId, limit, leaseSeconds] });
  return rows.map((r) => ({
    id: Number(r.id),
    taskId: r.task_id,
    attempt: r.attempt,
    params: r.params,
    testMode: r.test_mode,
    scheduledFor: r.scheduled_for,
    epoch: r.lease_epoch,
    taskName: r.task_name,
    handler: r.handler,
    config: r.config,
    policy: r.policy,
    trigger: r.trigger,
    queue: r.queue,
  }));
}
