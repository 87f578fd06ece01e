import { describe, expect, it } from 'vitest';
import { triggerRun } from '../../../lib/tasks/service';
import { countingServer } from '../../helpers/counter';
import { withTestDatabase } from '../../helpers/db';
import { cleanEnv, killedAfterEach, runEntry, waitUntil, type Proc } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';

// A pipeline's finished steps survive its worker: kill -9 during step 2, and the retry on
// another worker keeps step 1's result instead of calling the app again.

const database = withTestDatabase();
const procs = killedAfterEach();

async function startWorker(id: string): Promise<Proc> {
  const proc = runEntry(
    'worker/index.ts',
    cleanEnv({ DATABASE_URL: database.url, SUNDIAL_WORKER_ID: id, SUNDIAL_LEASE_SECONDS: '5', SUNDIAL_OUTBOUND_ALLOW: '127.0.0.1', LOG_LEVEL: 'info' }),
  );
  procs.push(proc);
  await proc.waitFor('worker started', 60_000);
  return proc;
}

describe('a pipeline whose worker is killed with SIGKILL during its second step', () => {
  it('is retried elsewhere from the second step: the first step called the app once', async () => {
    const app = await countingServer();
    try {
      // GET calls, counted by ?run=: 1 is the scrape, 3 the send.
      const task = await makeTask(database, {
        name: 'killed pipeline',
        handler: 'pipeline',
        config: {
          steps: [
            { name: 'scrape', handler: 'http', config: { method: 'GET', url: `${app.url}?run=1` } },
            { name: 'generate', handler: 'sleep', config: { seconds: 4 } },
            { name: 'send', handler: 'http', config: { method: 'GET', url: `${app.url}?run=3` } },
          ],
        },
        schedule: { kind: 'manual' },
        policy: { maxAttempts: 2, backoffSeconds: 0 },
      });
      const a = await startWorker('pipe-kill-a');
      await triggerRun(database.db, task.id, { trigger: 'manual' });
      await waitUntil(
        async () => (await database.pool.query("select 1 from run_steps where name = 'generate' and status = 'running'")).rowCount === 1,
        10_000,
        'step 2 to start',
      );
      a.child.kill('SIGKILL');
      await a.exit;
      await startWorker('pipe-kill-b');
      await waitUntil(async () => (await runsOf(database, task.id)).some((r) => r.attempt === 2 && r.status === 'succeeded'), 30_000, 'the retry to succeed');

      const [first, second] = await runsOf(database, task.id);
      expect(first).toMatchObject({ status: 'lost', worker_id: 'pipe-kill-a' });
      expect(second).toMatchObject({ status: 'succeeded', worker_id: 'pipe-kill-b' });
      const { rows } = await database.pool.query<{ run_id: string; name: string; status: string; reused_from: string | null }>(
        'select run_id, name, status, reused_from from run_steps where run_id = any($1) order by run_id, idx',
        [[first!.id, second!.id]],
      );
      expect(rows.map((r) => [Number(r.run_id), r.name, r.status, r.reused_from && Number(r.reused_from)])).toEqual([
        [first!.id, 'scrape', 'succeeded', null],
        // Its worker died mid-step; the step's row says what the reaper's end says.
        [first!.id, 'generate', 'failed', null],
        [second!.id, 'scrape', 'succeeded', first!.id],
        [second!.id, 'generate', 'succeeded', null],
        [second!.id, 'send', 'succeeded', null],
      ]);
      expect(Object.fromEntries(app.perRun())).toEqual({ 1: 1, 3: 1 });
    } finally {
      await app.close();
    }
  });
});
