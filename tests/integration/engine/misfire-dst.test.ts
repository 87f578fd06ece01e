import { describe, expect, it } from 'vitest';
import { fireDue as fireDueTasks } from '../../../worker/scheduler';
import { nextFire, type Schedule } from '../../../lib/schedules';
import { createTask } from '../../../lib/tasks/service';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

const database = withTestDatabase();
const T0 = new Date('2026-01-05T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** A task whose workers were last alive at T0: its next slot is T0. */
async function taskDownSince(name: string, policy: Record<string, unknown>) {
  const task = await makeTask(database, {
    name,
    schedule: { kind: 'interval', everySeconds: 60, anchor: T0.toISOString() },
    policy: { misfireGraceSeconds: 10, ...policy },
  });
  await database.pool.query('update tasks set next_run_at = $2 where id = $1', [task.id, T0]);
  return task;
}

describe('misfire after workers were down across six slots', () => {
  // Slots T0 .. T0+5min are due; at T0+5m30s the newest is 30 s old, past the 10 s grace.
  const now = at(5 * 60_000 + 30_000);

  it('coalesce: one run for the latest slot, the others recorded as missed', async () => {
    const task = await taskDownSince('coalesce', { misfire: 'coalesce' });
    await fireDueTasks(database.pool, { now });
    const runs = await runsOf(database, task.id);
    expect(runs.map((r) => r.status)).toEqual(['missed', 'missed', 'missed', 'missed', 'missed', 'queued']);
    expect(runs.at(-1)!.scheduled_for).toEqual(at(5 * 60_000));
    expect(runs[0]!.reason).toMatch(/more than 10s late/);

    const worker = testWorker(database, { id: 'misfire-w', schedulerEnabled: false });
    await worker.start();
    await waitUntil(async () => (await runsOf(database, task.id)).at(-1)!.status === 'succeeded', 10_000, 'the coalesced run to succeed');
    await worker.stop();
    const { rows } = await database.pool.query('select next_run_at from tasks where id = $1', [task.id]);
    expect(rows[0].next_run_at).toEqual(at(6 * 60_000));
  });

  it('skip: no run, every slot recorded as missed', async () => {
    const task = await taskDownSince('skip', { misfire: 'skip' });
    await fireDueTasks(database.pool, { now });
    const runs = await runsOf(database, task.id);
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.status === 'missed')).toBe(true);
  });

  it('catch_up with a cap of 3: the three latest slots run, older ones are missed', async () => {
    const task = await taskDownSince('catch-up', { misfire: 'catch_up', catchUpMax: 3 });
    await fireDueTasks(database.pool, { now });
    const runs = await runsOf(database, task.id);
    expect(runs.filter((r) => r.status === 'queued').map((r) => [r.trigger, r.scheduled_for])).toEqual([
      ['catch_up', at(3 * 60_000)],
      ['catch_up', at(4 * 60_000)],
      ['catch_up', at(5 * 60_000)],
    ]);
    expect(runs.filter((r) => r.status === 'missed')).toHaveLength(3);
  });

  it('a second tick at the same instant adds nothing', async () => {
    const task = await taskDownSince('twice', {});
    await fireDueTasks(database.pool, { now });
    await database.pool.query('update tasks set next_run_at = $2 where id = $1', [task.id, T0]);
    await fireDueTasks(database.pool, { now });
    expect(await runsOf(database, task.id)).toHaveLength(6);
  });
});

describe('DST through the engine, with an injected clock', () => {
  async function firesOnDay(name: string, expression: string, dayStart: string): Promise<Date[]> {
    const schedule: Schedule = { kind: 'cron', expression, timezone: 'America/New_York' };
    const task = await makeTask(database, { name, schedule });
    const start = new Date(dayStart);
    await database.pool.query('update tasks set next_run_at = $2 where id = $1', [task.id, nextFire(schedule, start)]);
    // Tick every 10 minutes through 30 hours around the change.
    for (let t = start.getTime(); t <= start.getTime() + 30 * 3_600_000; t += 600_000) {
      await fireDueTasks(database.pool, { now: new Date(t) });
    }
    const runs = await runsOf(database, task.id);
    expect(runs.every((r) => r.status === 'queued')).toBe(true);
    return runs.map((r) => r.scheduled_for);
  }

  it('30 2 * * * in New York fires once on spring-forward day, at 07:00Z', async () => {
    const fires = await firesOnDay('spring', '30 2 * * *', '2026-03-08T00:00:00Z');
    expect(fires.filter((f) => f.toISOString().startsWith('2026-03-08'))).toEqual([new Date('2026-03-08T07:00:00Z')]);
  });

  it('30 1 * * * in New York fires once on fall-back day, at 05:30Z', async () => {
    const fires = await firesOnDay('fall', '30 1 * * *', '2026-11-01T00:00:00Z');
    expect(fires.filter((f) => f.toISOString().startsWith('2026-11-01'))).toEqual([new Date('2026-11-01T05:30:00Z')]);
  });
});

describe('bad schedules', () => {
  const cases: [string, unknown, string, string][] = [
    ['61 in the minutes field', { kind: 'cron', expression: '61 * * * *', timezone: 'UTC' }, 'schedule.expression', 'minute: 61 is out of range 0-59'],
    ['an unknown zone', { kind: 'cron', expression: '0 2 * * *', timezone: 'Mars/Base' }, 'schedule.timezone', 'unknown time zone Mars/Base'],
    ['interval 0', { kind: 'interval', everySeconds: 0 }, 'schedule.everySeconds', 'interval below the 60 s minimum'],
    ['7 fields', { kind: 'cron', expression: '0 0 2 * * * 2027', timezone: 'UTC' }, 'schedule.expression', 'expected 5 or 6 fields, got 7'],
  ];
  for (const [name, schedule, field, message] of cases) {
    it(`rejects ${name} with a field-level message and saves nothing`, async () => {
      const result = await createTask(database.db, { name: `bad ${name}`, handler: 'noop', schedule }, { minIntervalSeconds: 60 });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors).toContainEqual({ field, message });
      const { rows } = await database.pool.query('select count(*)::int as n from tasks where name = $1', [`bad ${name}`]);
      expect(rows[0].n).toBe(0);
    });
  }
});
