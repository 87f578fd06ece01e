import { describe, expect, it } from 'vitest';
import { reportWeekly } from '../../../lib/notify/templates/report-weekly';
import { ensureBuiltinTasks } from '../../../lib/builtin/ensure';
import { BACKUP_TASK, PRUNE_TASK } from '../../../lib/builtin/tasks';
import { WEEKLY_REPORT_TASK } from '../../../lib/report/builtin';
import { buildWeeklyReport, reportWeek } from '../../../lib/report/weekly';
import { triggerRun } from '../../../lib/tasks/service';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { limits, makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

const database = withTestDatabase();
const ctx = { baseUrl: 'https://sundial.example.com', subjectPrefix: '[Sundial]', footer: 'Sent by Sundial' };

async function channel(name: string, isDefault: boolean): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into notification_channels (name, kind, config, is_default) values ($1, 'email', '{"to": ["ops@example.com"]}', $2) returning id`,
    [name, isDefault],
  );
  return rows[0]!.id;
}

async function outbox() {
  const { rows } = await database.pool.query<{ channel_id: string | null; target: string | null; event: string; dedupe_key: string; data: { totals: { runs: number } } }>(
    'select channel_id, target, event, dedupe_key, data from outbox order by id',
  );
  return rows;
}

describe('the built-in weekly report task', () => {
  it('is created once, by one of several processes starting together, and a deleted one stays deleted', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureBuiltinTasks(database.db, limits)));
    expect(results.flatMap((r) => r.created).sort()).toEqual([BACKUP_TASK, PRUNE_TASK, WEEKLY_REPORT_TASK].sort());
    const { rows } = await database.pool.query<{ id: string; handler: string; schedule: { expression: string; timezone: string } }>(
      'select id, handler, schedule from tasks where name = $1',
      [WEEKLY_REPORT_TASK],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.handler).toBe('weekly-report');
    expect(rows[0]!.schedule.expression).toBe('0 8 * * 1');

    await database.pool.query('delete from tasks where id = $1', [rows[0]!.id]);
    expect((await ensureBuiltinTasks(database.db, limits)).created).toEqual([]);
    expect((await database.pool.query('select 1 from tasks where name = $1', [WEEKLY_REPORT_TASK])).rowCount).toBe(0);
  });

  it('queues one report per default channel; a test run queues nothing; "send now" sends again', async () => {
    const ops = await channel('ops mail', true);
    await channel('not default', false);
    await database.pool.query(
      `insert into users (email, role, password_hash, notify_events, disabled_at) values
         ('reader@example.com', 'viewer', 'x', '{report.weekly}', null),
         ('gone@example.com', 'viewer', 'x', '{report.weekly}', now()),
         ('quiet@example.com', 'viewer', 'x', '{incident.opened}', null)`,
    );
    const task = await makeTask(database, { name: 'report now', handler: 'weekly-report', schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'report-w', schedulerEnabled: false });
    await worker.start();
    try {
      await triggerRun(database.db, task.id, { trigger: 'manual', testMode: true });
      await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 10_000, 'the test run');
      expect(await outbox()).toEqual([]);
      expect((await runsOf(database, task.id))[0]!.result).toMatchObject({ queued: 0, testMode: true, channels: ['ops mail'] });

      await triggerRun(database.db, task.id, { trigger: 'manual' });
      await triggerRun(database.db, task.id, { trigger: 'manual' });
      await waitUntil(async () => (await runsOf(database, task.id)).filter((r) => r.status === 'succeeded').length === 3, 10_000, 'two sends');
    } finally {
      await worker.stop();
    }
    const queued = await outbox();
    expect(queued.map((m) => [m.channel_id ?? m.target, m.event])).toEqual([
      [ops, 'report.weekly'],
      ['reader@example.com', 'report.weekly'],
      [ops, 'report.weekly'],
      ['reader@example.com', 'report.weekly'],
    ]);
    expect(new Set(queued.map((m) => m.dedupe_key)).size).toBe(4);
  });
});

describe('what the weekly report says', () => {
  it('counts the seven full days before the report from the rollups, with p95, failures, missed slots and the slowest runs', async () => {
    const now = new Date('2026-11-23T08:00:00Z');
    expect(reportWeek(now)).toEqual({ from: '2026-11-16', to: '2026-11-23' });
    const task = await makeTask(database, { name: 'bank <sync>', schedule: { kind: 'manual' } });
    const day = (d: string, total: number, succeeded: number, failed: number, missed: number, buckets: number[], maxMs: number) =>
      database.pool.query(
        `insert into task_stats_daily (task_id, day, total, succeeded, failed, missed, duration_ms_sum, duration_ms_max, duration_buckets) values ($1, $2, $3, $4, $5, $6, 0, $8, $7)`,
        [task.id, d, total, succeeded, failed, missed, buckets, maxMs],
      );
    await day('2026-11-15', 100, 0, 100, 0, [100], 90); // the day before the week: left out
    await day('2026-11-16', 10, 9, 1, 1, [8, 1, 1], 800);
    await day('2026-11-22', 10, 10, 0, 0, [10], 90);
    await day('2026-11-23', 50, 0, 50, 0, [50], 90); // the report's own day: left out
    const { rows } = await database.pool.query<{ id: string }>(
      `insert into runs (task_id, trigger, status, scheduled_for, not_before, started_at, finished_at, duration_ms)
       values ($1, 'api', 'succeeded', '2026-11-18T06:00:00Z', '2026-11-18T06:00:00Z', '2026-11-18T06:00:00Z', '2026-11-18T06:00:41Z', 41200),
              ($1, 'api', 'succeeded', '2026-11-10T06:00:00Z', '2026-11-10T06:00:00Z', '2026-11-10T06:00:00Z', '2026-11-10T06:09:00Z', 540000)
       returning id`,
      [task.id],
    );

    const report = await buildWeeklyReport(database.pool, now);
    const mine = report.tasks.find((t) => t.id === task.id)!;
    expect(mine).toMatchObject({ runs: 20, succeeded: 19, failures: 1, missed: 1, successRate: 0.95, p95Ms: 300 }); // the 19th of 20 is the one run between 100 and 300 ms
    expect(report.slowest.map((s) => s.runId)).toEqual([Number(rows[0]!.id)]);

    const mail = await reportWeekly.render(report, ctx);
    expect(mail.subject).toMatch(/^\[Sundial\] Weekly report: \d+ runs/);
    expect(mail.html).toContain(`https://sundial.example.com/tasks/${task.id}`);
    expect(mail.html).toContain('bank &lt;sync&gt;');
    expect(mail.html).not.toContain('bank <sync>');
    expect(mail.text).toContain('- bank <sync>: 20, 95.0%, ≤ 300 ms, 1, 1');
    expect(mail.text).toContain(`https://sundial.example.com/runs/${rows[0]!.id}`);
  });
});
