import { beforeAll, describe, expect, it } from 'vitest';
import { ORDERED_PLANS } from '../../../db/queries/history';
import { exportQuery } from '../../../lib/api/v1/run-export';
import { listRunsQuery, listRunsSelect } from '../../../lib/api/v1/run-queries';
import { listRunsRoute, taskRunsRoute } from '../../../lib/api/v1/runs';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';

const database = withTestDatabase();
withApiEnvironment(database);

let viewer: Caller;
beforeAll(async () => {
  viewer = (await makeCallers(database)).find((c) => c.label === 'viewer API key')!;
});

async function addRun(taskId: string, trigger: string, scheduledFor: string): Promise<number> {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into runs (task_id, trigger, status, scheduled_for) values ($1, $2, 'succeeded', $3) returning id`,
    [taskId, trigger, scheduledFor],
  );
  return Number(rows[0]!.id);
}

describe('GET /runs and /tasks/{id}/runs: newest scheduled first, a page at a time', () => {
  it('pages through ties that differ by microseconds or not at all, and puts a late catch-up at its slot', async () => {
    const task = await makeTask(database, { name: 'paged history', schedule: { kind: 'manual' } });
    const a = await addRun(task.id, 'manual', '2026-01-01 00:00:00.000100+00');
    const b = await addRun(task.id, 'manual', '2026-01-01 00:00:00.000900+00');
    const c = await addRun(task.id, 'manual', '2026-01-02 00:00:00+00');
    const d = await addRun(task.id, 'manual', '2026-01-02 00:00:00+00');
    const e = await addRun(task.id, 'manual', '2026-01-03 00:00:00.000500+00');
    const f = await addRun(task.id, 'manual', '2026-01-03 00:00:00.000200+00');
    // Queued after all the others, for a slot between them: history shows it at its slot.
    const late = await addRun(task.id, 'catch_up', '2026-01-01 12:00:00+00');
    const expected = [e, f, d, c, late, b, a];

    const walk = async (path: string) => {
      const ids: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { id: number }[]; nextCursor: string | null } } = await call(
          path.includes('/tasks/') ? taskRunsRoute : listRunsRoute,
          'GET',
          `${path}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { headers: viewer.headers, params: { id: task.id } },
        );
        expect(page.status).toBe(200);
        ids.push(...page.body.items.map((r) => r.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      return ids;
    };
    expect(await walk(`/api/v1/tasks/${task.id}/runs?status=succeeded`)).toEqual(expected);
    expect(await walk('/api/v1/runs?from=2025-12-31T00:00:00Z&to=2026-01-04T00:00:00Z')).toEqual(expected);
    expect(await walk(`/api/v1/tasks/${task.id}/runs?trigger=manual`)).toEqual([e, f, d, c, b, a]);
  });

  it('pages queued and running runs, which no history index holds, in the same order', async () => {
    const task = await makeTask(database, { name: 'paged queue', schedule: { kind: 'manual' } });
    const queued = async (at: string) =>
      Number((await database.pool.query<{ id: string }>(`insert into runs (task_id, trigger, status, scheduled_for) values ($1, 'manual', 'queued', $2) returning id`, [task.id, at])).rows[0]!.id);
    const a = await queued('2026-02-01 00:00:00.000100+00');
    const b = await queued('2026-02-01 00:00:00.000900+00');
    const c = await queued('2026-02-01 00:00:00.000900+00');
    const d = await queued('2026-01-31 00:00:00+00');
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await call(
        taskRunsRoute, 'GET', `/api/v1/tasks/${task.id}/runs?status=queued&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { headers: viewer.headers, params: { id: task.id } });
      ids.push(...page.body.items.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(ids).toEqual([c, b, a, d]);
    const all = await call(listRunsRoute, 'GET', '/api/v1/runs?status=queued&to=2026-02-02T00:00:00Z&limit=3', { headers: viewer.headers });
    expect(all.body.items.map((r: { id: number }) => r.id)).toEqual([c, b, a]);
  });

  it('refuses a cursor it did not return, including the run ids it used to return', async () => {
    for (const cursor of ['garbage', '12345', Buffer.from('["yesterday","1"]').toString('base64url')]) {
      const res = await call(listRunsRoute, 'GET', `/api/v1/runs?cursor=${cursor}`, { headers: viewer.headers });
      expect(res).toMatchObject({ status: 422, body: { error: { fields: [{ field: 'cursor' }] } } });
    }
  });
});

describe('history reads without table statistics', () => {
  let hot: string;
  beforeAll(async () => {
    // 30 days of history for 50 tasks, never analyzed (autovacuum is off on CI): the
    // planner knows the table's size and nothing else, as in bench/reads.ts at 10M runs.
    const tasks = [];
    for (let i = 0; i < 50; i++) tasks.push((await makeTask(database, { name: `busy ${i}`, schedule: { kind: 'manual' } })).id);
    hot = tasks[0]!;
    await database.pool.query(
      `insert into runs (task_id, trigger, status, scheduled_for, started_at, finished_at)
       select ($1::uuid[])[1 + g % 50], case when g % 500 = 0 then 'catch_up' when g % 97 = 0 then 'manual' else 'schedule' end,
         case when g % 12 = 0 then 'failed' else 'succeeded' end, at, at, at
       from generate_series(1, 60000) g, lateral (select now() - g * interval '43 seconds' as at) t`,
      [tasks],
    );
  });

  async function plan(query: { sql: string; params: unknown[] }): Promise<string> {
    const client = await database.pool.connect();
    try {
      await client.query(`begin read only; ${ORDERED_PLANS}`);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain ${query.sql}`, query.params);
      await client.query('rollback');
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      client.release();
    }
  }
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const list = (q: Record<string, string>, taskId?: string) => plan(listRunsSelect(database.db, listRunsQuery.parse(q), taskId).toSQL());

  it.each([
    ['one day of all runs', { from: day(28), to: day(27) }, false, 'runs_scheduled_idx'],
    ['all catch-up runs', { trigger: 'catch_up' }, false, 'runs_trigger_idx'],
    ['all failed runs', { status: 'failed' }, false, 'runs_status_scheduled_idx'],
    ["a task's runs", {}, true, 'runs_task_scheduled_idx'],
    ["a task's runs on one day", { from: day(28), to: day(27) }, true, 'runs_task_scheduled_idx'],
    ["a task's failed runs", { status: 'failed' }, true, 'runs_task_status_idx'],
    ["a task's scheduled runs", { trigger: 'schedule' }, true, 'runs_task_scheduled_idx'],
    ["a task's catch-up runs", { trigger: 'catch_up' }, true, 'runs_task_trigger_idx'],
  ])('%s: one ordered index walk that stops at the page', async (_label, q, ofTask, index) => {
    const shown = await list(q, ofTask ? hot : undefined);
    expect(shown).toMatch(new RegExp(`Index (Only )?Scan Backward using ${index} on runs`));
    expect(shown).not.toMatch(/Sort|Seq Scan|Bitmap/);
  });

  it.each([
    ['all running runs', { status: 'running' }, false],
    ['all queued runs in a time range', { status: 'queued', from: day(28), to: day(27) }, false],
    ["a task's queued runs", { status: 'queued' }, true],
  ])('%s: found through the engine\'s indexes and sorted, never a walk of the whole history', async (_label, q, ofTask) => {
    const shown = await list(q, ofTask ? hot : undefined);
    expect(shown).toMatch(/(using|on) runs_(status|claim|lease|active)_idx/);
    expect(shown).not.toMatch(/Seq Scan on runs|Scan Backward/);
  });

  it('plans the CSV download, 10,000 rows and its count, as one ordered walk', async () => {
    for (const [q, index] of [[{}, 'runs_task_scheduled_idx'], [{ status: 'failed' as const }, 'runs_task_status_idx']] as const) {
      const shown = await plan(exportQuery(database.db, hot, q));
      expect(shown).toMatch(new RegExp(`Index (Only )?Scan Backward using ${index} on runs`));
      expect(shown).not.toMatch(/Sort|Seq Scan|Bitmap/);
    }
  });
});
