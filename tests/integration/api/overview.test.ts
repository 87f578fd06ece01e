import { beforeAll, describe, expect, it } from 'vitest';
import { dailyStats, dailyStatsRoute, getSchedulerRoute, putSchedulerRoute, TOTALS_FRESH_SECONDS } from '../../../lib/api/v1/overview';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';

const database = withTestDatabase();
withApiEnvironment(database);

let operator: Caller;
let viewer: Caller;
beforeAll(async () => {
  const callers = await makeCallers(database);
  operator = callers.find((c) => c.label === 'operator session')!;
  viewer = callers.find((c) => c.label === 'viewer API key')!;
});

describe('overview: daily stats across tasks', () => {
  it('sums the rollups of every task per day and fills the days without runs', async () => {
    const a = await makeTask(database, { name: 'stats a', schedule: { kind: 'manual' } });
    const b = await makeTask(database, { name: 'stats b', schedule: { kind: 'manual' } });
    const insert = (task: string, day: string, total: number, succeeded: number, failed: number, timedOut: number) =>
      database.pool.query('insert into task_stats_daily (task_id, day, total, succeeded, failed, timed_out) values ($1, $2, $3, $4, $5, $6)', [task, day, total, succeeded, failed, timedOut]);
    await insert(a.id, '2026-11-25', 10, 8, 1, 1);
    await insert(b.id, '2026-11-25', 10, 10, 0, 0);
    await insert(a.id, '2026-11-23', 4, 0, 4, 0);
    await insert(a.id, '2026-11-10', 99, 99, 0, 0); // outside 7 days

    const days = await dailyStats(database.db, 7, new Date('2026-11-25T23:59:00Z'));
    expect(days.map((d) => d.day)).toEqual(['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(days[6]).toEqual({ day: '2026-11-25', total: 20, succeeded: 18, failed: 2, successRate: 0.9 });
    expect(days[4]).toMatchObject({ total: 4, succeeded: 0, successRate: 0 });
    expect(days[0]).toEqual({ day: '2026-11-19', total: 0, succeeded: 0, failed: 0, successRate: null });
    expect((await dailyStats(database.db, 30, new Date('2026-11-25T12:00:00Z'))).filter((d) => d.total > 0)).toHaveLength(3);
  });

  it('keeps the sums of days before yesterday for a few minutes, and sums today and yesterday on every read', async () => {
    const task = await makeTask(database, { name: 'stats cached', schedule: { kind: 'manual' } });
    const now = new Date('2026-10-15T12:00:00Z');
    for (const day of ['2026-10-12', '2026-10-14', '2026-10-15']) {
      await database.pool.query('insert into task_stats_daily (task_id, day, total, succeeded) values ($1, $2, 10, 10)', [task.id, day]);
    }
    const totals = async () => Object.fromEntries((await dailyStats(database.db, 7, now)).map((d) => [d.day, d.total]));
    expect(await totals()).toMatchObject({ '2026-10-12': 10, '2026-10-13': 0, '2026-10-14': 10, '2026-10-15': 10 });
    const { rows } = await database.pool.query<{ day: string }>(`select day::text from stats_daily_totals where day between '2026-10-09' and '2026-10-15' order by day`);
    expect(rows.map((r) => r.day)).toEqual(['2026-10-09', '2026-10-10', '2026-10-11', '2026-10-12', '2026-10-13']);

    // Runs ending late, into a day of last week, yesterday and today.
    await database.pool.query('update task_stats_daily set total = total + 5, succeeded = succeeded + 5 where task_id = $1', [task.id]);
    expect(await totals()).toMatchObject({ '2026-10-12': 10, '2026-10-14': 15, '2026-10-15': 15 });
    await database.pool.query(`update stats_daily_totals set updated_at = now() - make_interval(secs => $1 + 1)`, [TOTALS_FRESH_SECONDS]);
    expect(await totals()).toMatchObject({ '2026-10-12': 15, '2026-10-14': 15, '2026-10-15': 15 });
  });

  it('accepts 7 or 30 days only', async () => {
    expect((await call(dailyStatsRoute, 'GET', '/x?days=30', { headers: viewer.headers })).body.days).toHaveLength(30);
    expect((await call(dailyStatsRoute, 'GET', '/x?days=12', { headers: viewer.headers })).status).toBe(422);
  });
});

describe('overview: pause all', () => {
  it('an operator pauses and resumes every schedule, and each switch is audited', async () => {
    expect((await call(getSchedulerRoute, 'GET', '/x', { headers: viewer.headers })).body).toEqual({ paused: false });
    expect((await call(putSchedulerRoute, 'PUT', '/x', { headers: operator.headers, body: { paused: true } })).body).toEqual({ paused: true });
    expect((await call(getSchedulerRoute, 'GET', '/x', { headers: viewer.headers })).body).toEqual({ paused: true });
    expect((await call(putSchedulerRoute, 'PUT', '/x', { headers: operator.headers, body: { paused: 'yes' } })).status).toBe(422);
    expect((await call(putSchedulerRoute, 'PUT', '/x', { headers: operator.headers, body: { paused: false } })).body).toEqual({ paused: false });
    const { rows } = await database.pool.query("select action from audit_log where action like 'scheduler.%' order by id");
    expect(rows.map((r) => r.action)).toEqual(['scheduler.pause', 'scheduler.resume']);
  });
});
