import { describe, expect, it } from 'vitest';
import { setSchedulerPaused, setTaskEnabled, triggerRun, updateTask } from '../../../lib/tasks/service';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { limits, makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

const database = withTestDatabase();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dbNow = async () => (await database.pool.query<{ now: Date }>('select now()')).rows[0]!.now;

describe('changes from the UI take effect within a second', () => {
  it('editing the schedule recomputes next_run_at and the new schedule fires within 1 s; pausing stops fires', async () => {
    const task = await makeTask(database, { name: 'edited', schedule: { kind: 'once', at: '2099-01-01T00:00:00Z' } });
    const worker = testWorker(database, { id: 'edit-w' });
    await worker.start();
    await sleep(1500);
    expect(await runsOf(database, task.id)).toEqual([]);

    const editedAt = await dbNow();
    const edited = await updateTask(database.db, task.id, { schedule: { kind: 'cron', expression: '* * * * * *', timezone: 'UTC' } }, limits);
    expect(edited.ok).toBe(true);
    const next = edited.ok ? edited.value.nextRunAt! : new Date(0);
    expect(next.getTime() - editedAt.getTime()).toBeLessThanOrEqual(1000);
    expect(edited.ok && edited.value.version).toBe(2);
    await waitUntil(async () => (await runsOf(database, task.id)).length > 0, 3000, 'a run of the new schedule');
    const first = (await runsOf(database, task.id))[0]!;
    expect(first.scheduled_for.getTime() - editedAt.getTime()).toBeLessThanOrEqual(1000);

    const paused = await setTaskEnabled(database.db, task.id, false, limits);
    expect(paused.ok && paused.value.nextRunAt).toBeNull();
    const pausedAt = await dbNow();
    await sleep(2500);
    await worker.stop();
    const late = (await runsOf(database, task.id)).filter((r) => r.scheduled_for.getTime() > pausedAt.getTime());
    expect(late).toEqual([]);
  });

  it('pausing leaves a running run alone', async () => {
    const task = await makeTask(database, { name: 'long', handler: 'sleep', config: { seconds: 2 }, schedule: { kind: 'manual' } });
    const worker = testWorker(database, { id: 'pause-w' });
    await worker.start();
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'running', 3000, 'the run to start');
    await setTaskEnabled(database.db, task.id, false, limits);
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 5000, 'the run to finish');
    await worker.stop();
  });
});

describe('scheduler switches', () => {
  it('SCHEDULER_ENABLED=false starts no scheduled run, and a manual run still runs', async () => {
    const task = await makeTask(database, { name: 'no scheduler' });
    const worker = testWorker(database, { id: 'nosched-w', schedulerEnabled: false });
    await worker.start();
    await sleep(2500);
    expect(await runsOf(database, task.id)).toEqual([]);
    await triggerRun(database.db, task.id, { trigger: 'manual', params: { source: 'test' } });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 3000, 'the manual run');
    await worker.stop();
    expect((await runsOf(database, task.id)).map((r) => r.trigger)).toEqual(['manual']);
  });

  it('"pause all" stops new fires on every worker; manual runs still run; resuming fires again', async () => {
    const task = await makeTask(database, { name: 'paused all' });
    await setSchedulerPaused(database.db, true);
    const worker = testWorker(database, { id: 'pauseall-w' });
    await worker.start();
    await sleep(2500);
    expect(await runsOf(database, task.id)).toEqual([]);
    await triggerRun(database.db, task.id, { trigger: 'api' });
    await waitUntil(async () => (await runsOf(database, task.id))[0]?.status === 'succeeded', 3000, 'the API run');
    await setSchedulerPaused(database.db, false);
    await waitUntil(async () => (await runsOf(database, task.id)).some((r) => r.trigger === 'schedule'), 3000, 'a scheduled run after resuming');
    await worker.stop();
  });
});

describe('concurrency replace', () => {
  it('a new fire cancels the running run through its signal, then runs', async () => {
    const task = await makeTask(database, {
      name: 'replaced',
      handler: 'sleep',
      config: { seconds: 30 },
      schedule: { kind: 'interval', everySeconds: 2 },
      policy: { concurrency: 'replace' },
    });
    const worker = testWorker(database, { id: 'replace-w', leaseSeconds: 3, drainTimeoutSeconds: 1 });
    await worker.start();
    await waitUntil(async () => (await runsOf(database, task.id)).some((r) => r.status === 'cancelled'), 8000, 'a cancelled run');
    await worker.stop();
    const runs = await runsOf(database, task.id);
    const cancelled = runs.find((r) => r.status === 'cancelled')!;
    expect(seconds(cancelled.started_at, cancelled.finished_at)).toBeLessThan(5);
    expect(runs.some((r) => r.started_at && r.started_at > cancelled.started_at!)).toBe(true);
  });
});

const seconds = (a: Date | null, b: Date | null) => (b!.getTime() - a!.getTime()) / 1000;
