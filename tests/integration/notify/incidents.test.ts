import { describe, expect, it } from 'vitest';
import { claimRuns } from '../../../db/queries/engine/claim';
import { endRuns } from '../../../db/queries/engine/end-runs';
import { withTestDatabase } from '../../helpers/db';
import { endOneRun, makeChannel, outboxRows } from '../../helpers/outbox';
import { makeTask } from '../../helpers/tasks';

// Incidents and their messages, written by the end of runs in its own statement, against a
// real Postgres. Nothing is sent here: the rows in the outbox are the contract with the sender.

const database = withTestDatabase();
const manual = { kind: 'manual' as const };

async function incidentsOf(taskId: string) {
  const { rows } = await database.pool.query('select * from incidents where task_id = $1 order by opened_at', [taskId]);
  return rows;
}

describe('incidents', () => {
  it('50 failures then a success write exactly one opened and one resolved message per channel', async () => {
    const [ops, hook] = [await makeChannel(database, 'ops-50'), await makeChannel(database, 'hook-50', { kind: 'webhook' })];
    await makeChannel(database, 'not-picked-50');
    const task = await makeTask(database, { name: 'fifty', schedule: manual, notify: { channels: [ops, hook] } });
    const first = await endOneRun(database, task.id, 'failed', { logs: Array.from({ length: 25 }, (_, i) => `line ${i + 1}`) });
    for (let i = 1; i < 50; i++) await endOneRun(database, task.id, i % 2 ? 'timed_out' : 'failed');
    let rows = await outboxRows(database, 'task_id = $1', [task.id]);
    expect(rows.map((r) => [r.event, r.channel_id]).sort()).toEqual([['incident.opened', hook], ['incident.opened', ops]].sort());
    const [incident] = await incidentsOf(task.id);
    expect(incident).toMatchObject({ status: 'open', failed_runs: 50, first_run_id: String(first) });
    expect(rows[0]!.dedupe_key).toBe(`incident:${incident.id}:opened:${rows[0]!.channel_id}`);
    expect(rows[0]!.data).toMatchObject({
      incidentId: incident.id,
      task: { id: task.id, name: 'fifty' },
      schedule: manual,
      failedRuns: 1,
      error: `boom ${first}`,
      links: { run: `/runs/${first}`, task: `/tasks/${task.id}` },
    });
    const tail = rows[0]!.data.logTail as { message: string }[];
    expect(tail.map((l) => l.message)).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 6}`));

    await endOneRun(database, task.id, 'succeeded');
    rows = await outboxRows(database, 'task_id = $1', [task.id]);
    expect(rows).toHaveLength(4);
    const resolved = rows.filter((r) => r.event === 'incident.resolved');
    expect(resolved.map((r) => r.channel_id).sort()).toEqual([ops, hook].sort());
    expect(resolved[0]!.data).toMatchObject({ failedRuns: 50, downtimeSeconds: expect.any(Number), links: { task: `/tasks/${task.id}` } });
    expect((await incidentsOf(task.id))[0]).toMatchObject({ status: 'resolved', failed_runs: 50 });

    // A success after a success writes nothing.
    await endOneRun(database, task.id, 'succeeded');
    expect(await outboxRows(database, 'task_id = $1', [task.id])).toHaveLength(4);
  });

  it('a retry chain counts once, and a cancel neither breaks nor extends the streak', async () => {
    const ch = await makeChannel(database, 'retry-ch');
    const task = await makeTask(database, { name: 'retries', schedule: manual, notify: { channels: [ch], incidentAfter: 2 } });
    // Slot 1: two attempts, the first retried. Counts once.
    await endOneRun(database, task.id, 'failed', { retryInMs: 0 });
    const [retry] = await claimRuns(database.pool, 'w', 1, 30);
    await endRuns(database.pool, [{ runId: retry!.id, epoch: retry!.epoch, status: 'failed', retryInMs: null }]);
    const state = async () => (await database.pool.query('select consecutive_failures from task_state where task_id = $1', [task.id])).rows[0].consecutive_failures;
    expect(await state()).toBe(1);
    expect(await incidentsOf(task.id)).toEqual([]);
    await endOneRun(database, task.id, 'cancelled');
    expect(await state()).toBe(1);
    await endOneRun(database, task.id, 'lost');
    expect(await incidentsOf(task.id)).toEqual([expect.objectContaining({ status: 'open', failed_runs: 2, first_run_id: String(retry!.id) })]);
    expect((await outboxRows(database, 'task_id = $1', [task.id])).map((r) => r.event)).toEqual(['incident.opened']);
  });

  it('incidentAfter = 3 needs three failed slots; a success before that resets the count and sends nothing', async () => {
    const ch = await makeChannel(database, 'three-ch');
    const task = await makeTask(database, { name: 'three', schedule: manual, notify: { channels: [ch], incidentAfter: 3 } });
    await endOneRun(database, task.id, 'failed');
    await endOneRun(database, task.id, 'failed');
    await endOneRun(database, task.id, 'succeeded');
    await endOneRun(database, task.id, 'failed');
    await endOneRun(database, task.id, 'failed');
    expect(await incidentsOf(task.id)).toEqual([]);
    expect(await outboxRows(database, 'task_id = $1', [task.id])).toEqual([]);
    await endOneRun(database, task.id, 'failed');
    expect(await incidentsOf(task.id)).toEqual([expect.objectContaining({ status: 'open', failed_runs: 3 })]);
    expect((await outboxRows(database, 'task_id = $1', [task.id])).map((r) => r.event)).toEqual(['incident.opened']);
  });

  it('a task that picks no channel notifies the enabled default ones; switched-off events write nothing', async () => {
    const dflt = await makeChannel(database, 'default-ch', { isDefault: true });
    await makeChannel(database, 'default-off', { isDefault: true, enabled: false });
    const task = await makeTask(database, { name: 'defaults', schedule: manual });
    await endOneRun(database, task.id, 'failed');
    expect((await outboxRows(database, 'task_id = $1', [task.id])).map((r) => [r.event, r.channel_id])).toEqual([['incident.opened', dflt]]);

    const quiet = await makeTask(database, { name: 'quiet', schedule: manual, notify: { events: { failure: false, recovery: false } } });
    await endOneRun(database, quiet.id, 'failed');
    await endOneRun(database, quiet.id, 'succeeded');
    expect((await incidentsOf(quiet.id)).map((i) => i.status)).toEqual(['resolved']);
    expect(await outboxRows(database, 'task_id = $1', [quiet.id])).toEqual([]);
  });

  it('a run end that is rolled back writes no incident and no outbox row', async () => {
    const ch = await makeChannel(database, 'rollback-ch');
    const task = await makeTask(database, { name: 'rolled back', schedule: manual, notify: { channels: [ch] } });
    await database.pool.query(`insert into runs (task_id, trigger, status, scheduled_for) values ($1, 'api', 'queued', now())`, [task.id]);
    const [run] = await claimRuns(database.pool, 'w', 1, 30);
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      await endRuns(client, [{ runId: run!.id, epoch: run!.epoch, status: 'failed', errorMessage: 'x', retryInMs: null }]);
      expect((await client.query('select count(*)::int as n from outbox where task_id = $1', [task.id])).rows[0].n).toBe(1);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect(await outboxRows(database, 'task_id = $1', [task.id])).toEqual([]);
    expect(await incidentsOf(task.id)).toEqual([]);
  });

  it('on success and to a callback URL: run.succeeded per channel, run.finished to the URL with outcome and result', async () => {
    const ch = await makeChannel(database, 'success-ch');
    const task = await makeTask(database, {
      name: 'callback',
      schedule: manual,
      notify: { channels: [ch], events: { success: true }, callbackUrl: 'https://import.example.com/done' },
    });
    const ok = await endOneRun(database, task.id, 'succeeded', { result: { rows: 12 } });
    const bad = await endOneRun(database, task.id, 'failed', { error: 'bad csv', retryInMs: 0 });
    const rows = await outboxRows(database, 'task_id = $1', [task.id]);
    expect(rows.map((r) => [r.event, r.channel_id, r.target, r.dedupe_key])).toEqual([
      ['run.succeeded', ch, null, `run:${ok}:succeeded:${ch}`],
      ['run.finished', null, 'https://import.example.com/done', `run:${ok}:finished`],
    ]);
    expect(rows[1]!.data).toMatchObject({ runId: ok, taskId: task.id, outcome: 'succeeded', result: { rows: 12 } });
    // The retried attempt is not the chain's end: its final attempt will be.
    expect(rows.some((r) => r.dedupe_key.startsWith(`run:${bad}:`))).toBe(false);
  });
});

describe('missed slots', () => {
  it('a slot the scheduler records missed queues slot.missed for the task channels, in the same statement', async () => {
    const ch = await makeChannel(database, 'missed-ch');
    const task = await makeTask(database, { name: 'missed', schedule: manual, notify: { channels: [ch] } });
    const { materializeSlots } = await import('../../../db/queries/engine/slots');
    const slot = new Date('2026-01-01T00:00:00Z');
    const slotRow = { taskId: task.id, scheduledFor: slot, trigger: 'schedule' as const, reason: 'late by 1 h; misfire policy is skip', rateLimitKey: null, queue: null, forbid: false, replace: false };
    await materializeSlots(database.pool, [{ ...slotRow, status: 'missed' }], [], new Date());
    const rows = await outboxRows(database, 'task_id = $1', [task.id]);
    expect(rows.map((r) => [r.event, r.channel_id])).toEqual([['slot.missed', ch]]);
    expect(rows[0]!.data).toMatchObject({ task: { id: task.id, name: 'missed' }, reason: 'late by 1 h; misfire policy is skip' });
    expect(new Date(rows[0]!.data.scheduledFor as string)).toEqual(slot);
    const quiet = await makeTask(database, { name: 'missed quietly', schedule: manual, notify: { channels: [ch], events: { missed: false } } });
    await materializeSlots(database.pool, [{ ...slotRow, taskId: quiet.id, status: 'missed' }], [], new Date());
    expect(await outboxRows(database, 'task_id = $1', [quiet.id])).toEqual([]);
  });

  it('notify.incidentOnPartial: a partial run opens and keeps the incident, a fully succeeded one recovers it; without it a partial run is a success', async () => {
    const ch = await makeChannel(database, 'partial-ch');
    const task = await makeTask(database, { name: 'partial alerts', schedule: manual, notify: { channels: [ch], incidentOnPartial: true } });
    const some = { total: 10, succeeded: 8, failed: 2, skipped: 0, failures: [] };
    const first = await endOneRun(database, task.id, 'succeeded', { result: some });
    expect(await incidentsOf(task.id)).toEqual([expect.objectContaining({ status: 'open', failed_runs: 1, first_run_id: String(first) })]);
    await endOneRun(database, task.id, 'succeeded', { result: some });
    expect((await incidentsOf(task.id))[0]).toMatchObject({ status: 'open', failed_runs: 2 });
    await endOneRun(database, task.id, 'succeeded', { result: { ...some, succeeded: 10, failed: 0 } });
    expect(await incidentsOf(task.id)).toEqual([expect.objectContaining({ status: 'resolved', failed_runs: 2 })]);
    expect((await outboxRows(database, 'task_id = $1', [task.id])).map((r) => r.event)).toEqual(['incident.opened', 'incident.resolved']);

    const quiet = await makeTask(database, { name: 'partial quietly', schedule: manual, notify: { channels: [ch] } });
    await endOneRun(database, quiet.id, 'succeeded', { result: some });
    expect(await incidentsOf(quiet.id)).toEqual([]);

    // Both runs are partial and succeeded in the day's stats; for the task's health a partial run of the first is a failure.
    const { rows } = await database.pool.query(
      `select t.name, s.total_runs, s.succeeded_count, s.failed_count, s.consecutive_failures, d.succeeded, d.failed, d.partial,
         (select count(*)::int from runs r where r.task_id = t.id and r.partial) as partial_runs
       from tasks t join task_state s on s.task_id = t.id join task_stats_daily d on d.task_id = t.id where t.id = any($1::uuid[]) order by t.name`,
      [[task.id, quiet.id]],
    );
    expect(rows).toEqual([
      { name: 'partial alerts', total_runs: 3, succeeded_count: 1, failed_count: 2, consecutive_failures: 0, succeeded: 3, failed: 0, partial: 2, partial_runs: 2 },
      { name: 'partial quietly', total_runs: 1, succeeded_count: 1, failed_count: 0, consecutive_failures: 0, succeeded: 1, failed: 0, partial: 1, partial_runs: 1 },
    ]);
  });
});

describe('saving a policy', () => {
  it('refuses a channel id that names no channel (422, nothing saved)', async () => {
    const { createTask } = await import('../../../lib/tasks/service');
    const missing = '00000000-0000-4000-8000-000000000000';
    const ch = await makeChannel(database, 'real-ch');
    const result = await createTask(database.db, { name: 'ghost', handler: 'noop', schedule: manual, notify: { channels: [ch, missing] } }, { minIntervalSeconds: 1 });
    expect(result).toEqual({ ok: false, errors: [{ field: 'notify.channels.1', message: 'no such channel' }] });
    expect((await database.pool.query(`select count(*)::int as n from tasks where name = 'ghost'`)).rows[0].n).toBe(0);
  });
});

describe('the contract with the sender', () => {
  it('every row the engine queued above renders through its event template', async () => {
    const { templateFor } = await import('../../../lib/notify/templates');
    const rows = await outboxRows(database);
    expect(new Set(rows.map((r) => r.event))).toEqual(new Set(['incident.opened', 'incident.resolved', 'run.succeeded', 'run.finished', 'slot.missed']));
    for (const row of rows) {
      const out = await templateFor(row.event)!.render(row.data, { baseUrl: 'http://sundial.test', subjectPrefix: '[Sundial]', footer: '' });
      expect(out.subject, row.event).toContain('[Sundial]');
      for (const link of Object.values(out.json.links as Record<string, string>)) expect(link).toMatch(/^http:\/\/sundial\.test\/(runs|tasks)\/\w/);
    }
  });
});
