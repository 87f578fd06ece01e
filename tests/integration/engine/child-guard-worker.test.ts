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

describe('a worker process killed with kill -9', () => {
  it('takes the child process of its running run with it within a second', async () => {
    const task = await makeTask(database, { name: 'child', handler: 'sleep', config: { seconds: 300, childProcess: true }, schedule: { kind: 'manual' } });
    const worker = runEntry('worker/index.ts', cleanEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'info' }));
    leftovers.push(worker.pid);
    await worker.waitFor('worker started', 60_000);
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    let child = 0;
    await waitUntil(
      async () => {
        const { rows } = await database.pool.query<{ message: string }>(`select message from run_logs r join runs on runs.id = r.run_id where runs.task_id = $1 and message like 'child process %'`, [task.id]);
        child = Number(rows[0]?.message.split(' ')[2] ?? 0);
        return child > 0;
      },
      10_000,
      'the run to spawn its child',
    );
    leftovers.push(child);
    expect(processCommand(child)).toBe('sleep 300');

    process.kill(worker.pid, 'SIGKILL');
    const killedAt = Date.now();
    await waitUntil(() => !isRunning(child), 3000, `child ${child} to die`);
    expect(Date.now() - killedAt).toBeLessThan(1000);
  });
});
