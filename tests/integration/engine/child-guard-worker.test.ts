import { afterAll, describe, expect, it } from 'vitest';
import { triggerRun } from '../../../lib/tasks/service';
import { withTestDatabase } from '../../helpers/db';
import { cleanEnv, isRunning, processCommand, runEntry, waitUntil } from '../../helpers/processes';
import { makeTask } from '../../helpers/tasks';

const database = withTestDatabase();
const leftovers: number[] = [];

afterAll(() => {
  for (const pid of leftovers) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});

async function childPids(taskId: string): Promise<number[]> {
  const { rows } = await database.pool.query<{ message: string }>(
    `select message from run_logs r join runs on runs.id = r.run_id where runs.task_id = $1 and message like 'child process %'`,
    [taskId],
  );
  return rows.map((r) => Number(r.message.split(' ')[2]));
}

describe('a worker process killed with kill -9', () => {
  it('takes the child processes of all its running runs with it within a second', async () => {
    const task = await makeTask(database, {
      name: 'child',
      handler: 'sleep',
      config: { seconds: 300, childProcess: true },
      schedule: { kind: 'manual' },
      policy: { concurrency: 'allow', maxConcurrent: 4 },
    });
    const worker = runEntry('worker/index.ts', cleanEnv({ DATABASE_URL: database.url, SUNDIAL_WORKER_CONCURRENCY: '4', LOG_LEVEL: 'info' }));
    leftovers.push(worker.pid);
    await worker.waitFor('worker started', 60_000);
    for (let i = 0; i < 4; i++) await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => (await childPids(task.id)).length === 4, 20_000, 'four runs to spawn their children');
    const children = await childPids(task.id);
    leftovers.push(...children);
    for (const child of children) expect(processCommand(child)).toBe('sleep 300');

    process.kill(worker.pid, 'SIGKILL');
    const killedAt = Date.now();
    await waitUntil(() => children.every((c) => !isRunning(c)), 3000, `children ${children.join(', ')} to die`);
    expect(Date.now() - killedAt).toBeLessThan(1000);
  });
});
