import { beforeAll, describe, expect, it } from 'vitest';
import { queueStateQuery } from '../../../db/queries/queue';
import { registerWorker } from '../../../db/queries/workers';
import { workersRoute } from '../../../lib/api/v1/catalog';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';

const database = withTestDatabase();
withApiEnvironment(database);

let viewer: Caller;
beforeAll(async () => {
  viewer = (await makeCallers(database)).find((c) => c.label === 'viewer API key')!;
});

const getWorkers = () => call(workersRoute, 'GET', '/api/v1/workers', { headers: viewer.headers });

/** Runs of one task in the given status, claimable from `notBefore` (an interval from the database's now). */
async function insertRuns(taskId: string, status: string, notBefore: string[]): Promise<void> {
  for (const offset of notBefore) {
    await database.pool.query(
      `insert into runs (task_id, trigger, status, scheduled_for, not_before, started_at)
       values ($1, 'manual', $2, now(), now() + $3::interval, case when $2 = 'queued' then null else now() end)`,
      [taskId, status, offset],
    );
  }
}

describe('GET /api/v1/workers: the queue beside the workers', () => {
  it('answers no backlog when nothing is queued, and keeps the workers list as it was', async () => {
    await registerWorker(database.db, { id: 'queue-w1', hostname: 'box', pid: 42, version: 'test', schedulerEnabled: true, concurrency: 4 });
    const res = await getWorkers();
    expect(res.status).toBe(200);
    expect(res.body.queue).toEqual({ depth: 0, waiting: 0, oldestAgeSeconds: null });
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: 'queue-w1', hostname: 'box', pid: 42, concurrency: 4, runningCount: 0, live: true, status: 'running', secondsSinceHeartbeat: expect.any(Number) }),
    ]);
  });

  it('counts runnable queued runs as depth, deferred ones as waiting, and ages the oldest runnable on the database clock', async () => {
    const task = await makeTask(database, { name: 'backlog', schedule: { kind: 'manual' } });
    await insertRuns(task.id, 'queued', ['-40 seconds', '-10 seconds', '0 seconds']);
    // Retry backoff and rate-limit deferral: queued, but no worker may take them yet.
    await insertRuns(task.id, 'queued', ['1 minute', '2 hours']);
    // Not queued: neither backlog nor deferred, however old.
    await insertRuns(task.id, 'running', ['-1 hour']);
    await insertRuns(task.id, 'succeeded', ['-2 hours']);

    const { queue } = (await getWorkers()).body;
    expect(queue).toMatchObject({ depth: 3, waiting: 2 });
    expect(queue.oldestAgeSeconds).toBeGreaterThanOrEqual(40);
    expect(queue.oldestAgeSeconds).toBeLessThan(45);
    expect(Number.isInteger(queue.oldestAgeSeconds)).toBe(true);

    // Three hours later, as far as the deferred runs know: both came due and joined the
    // backlog, and the one deferred by a minute has been runnable for 2 h 59 min.
    await database.pool.query(`update runs set not_before = not_before - interval '3 hours' where task_id = $1 and status = 'queued' and not_before > now()`, [task.id]);
    const later = (await getWorkers()).body.queue;
    expect(later).toMatchObject({ depth: 5, waiting: 0 });
    expect(later.oldestAgeSeconds).toBeGreaterThanOrEqual(3 * 3600 - 60);
    expect(later.oldestAgeSeconds).toBeLessThan(3 * 3600 - 55);

    await database.pool.query(`update runs set status = 'cancelled', finished_at = now() where task_id = $1 and status = 'queued'`, [task.id]);
    expect((await getWorkers()).body.queue).toEqual({ depth: 0, waiting: 0, oldestAgeSeconds: null });
  });

  it('is planned as an index-only scan of the claim index, not a scan of the run history', async () => {
    // A history 100 times the queue, as in a long-lived install (10 million runs, 100,000 queued).
    const task = await makeTask(database, { name: 'history', schedule: { kind: 'manual' } });
    await database.pool.query(
      `insert into runs (task_id, trigger, status, scheduled_for, not_before, started_at, finished_at)
       select $1, 'manual', 'succeeded', now() - g * interval '1 minute', now() - g * interval '1 minute', now(), now() from generate_series(1, 20000) g`,
      [task.id],
    );
    await database.pool.query(
      `insert into runs (task_id, trigger, status, scheduled_for, not_before)
       select $1, 'manual', 'queued', now(), now() + (g - 150) * interval '1 second' from generate_series(1, 200) g`,
      [task.id],
    );
    await database.pool.query('vacuum analyze runs');
    const { sql, params } = queueStateQuery(database.db).toSQL();
    const { rows } = await database.pool.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Only Scan using runs_claim_idx on runs/);
    expect(plan).not.toMatch(/Seq Scan/);
    expect((await getWorkers()).body.queue).toMatchObject({ depth: 150, waiting: 50 });
  });
});
