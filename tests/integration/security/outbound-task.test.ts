import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { triggerRun } from '../../../lib/tasks/service';
import { BUILT_IN_HANDLERS } from '../../../worker/handlers';
import { countingServer } from '../../helpers/counter';
import { withTestDatabase } from '../../helpers/db';
import { waitUntil } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';
import { testWorker } from '../../helpers/worker';

// Issue 10 point 3, as the attack went: an operator points an http task at an internal port
// and a viewer reads the answer in the run result.

const database = withTestDatabase();
let target: Awaited<ReturnType<typeof countingServer>>;
const saved = process.env.SUNDIAL_OUTBOUND_ALLOW;

beforeAll(async () => {
  target = await countingServer();
});
afterAll(() => target.close());
afterEach(() => {
  if (saved === undefined) delete process.env.SUNDIAL_OUTBOUND_ALLOW;
  else process.env.SUNDIAL_OUTBOUND_ALLOW = saved;
});

async function runOnce(name: string, url: string) {
  const task = await makeTask(database, { name, handler: 'http', config: { url }, schedule: { kind: 'manual' }, policy: { maxAttempts: 3, backoffSeconds: 0 } });
  // Handler threads copy the environment when the worker starts them.
  const worker = testWorker(database, { id: `${name}-w`, handlerModules: [BUILT_IN_HANDLERS] });
  await worker.start();
  try {
    await triggerRun(database.db, task.id, { trigger: 'manual' });
    await waitUntil(async () => ['succeeded', 'failed'].includes((await runsOf(database, task.id))[0]?.status ?? ''), 10_000, 'the run to end');
  } finally {
    await worker.stop();
  }
  // Give a wrongly scheduled retry the time to show up.
  await new Promise((r) => setTimeout(r, 300));
  const runs = await runsOf(database, task.id);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

describe('an http task aimed at an internal address', () => {
  it('fails without reaching it, naming the address and the variable, and is not retried', async () => {
    delete process.env.SUNDIAL_OUTBOUND_ALLOW;
    const port = new URL(target.url).port;
    const run = await runOnce('internal', `http://2130706433:${port}/hit?run=1`);
    expect(run.status).toBe('failed');
    expect(run.error_message).toContain('127.0.0.1 is a loopback address; add 127.0.0.1 to SUNDIAL_OUTBOUND_ALLOW');
    expect(run.result).toBeNull();
    expect(target.hits).toEqual([]);
  });

  it('runs when SUNDIAL_OUTBOUND_ALLOW lets the address through', async () => {
    process.env.SUNDIAL_OUTBOUND_ALLOW = '127.0.0.1';
    const run = await runOnce('allowed', `${target.url}?run=2`);
    expect(run.status).toBe('succeeded');
    expect(target.hits).toEqual([{ run: 2, status: 200 }]);
  });
});
