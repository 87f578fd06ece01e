import { createRequire } from 'node:module';
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import pg from 'pg';
import { measureCpu, type CpuUse } from './cpu';
import { sleep } from './report';

// graphile-worker with its defaults except concurrency, in its own schema of the same
// database: the reference issue 9 sets Sundial's lifecycle target against.

const quiet = new Logger(() => (level, message) => {
  if (level === 'error') process.stderr.write(`graphile-worker: ${message}\n`);
});

/** The installed version, for the output: the reference moves when the package does. */
export const graphileVersion = (): string => (createRequire(import.meta.url)('graphile-worker/package.json') as { version: string }).version;

/** 10k no-op jobs added in bulk, then the time from run() until the queue is empty. */
export async function graphileLifecycle(url: string, jobs: number, concurrency: number): Promise<{ ms: number; cpu: CpuUse }> {
  const utils = await makeWorkerUtils({ connectionString: url, logger: quiet });
  await utils.migrate();
  await utils.addJobs(Array.from({ length: jobs }, () => ({ identifier: 'noop', payload: {} })));
  await utils.release();
  const probe = new pg.Pool({ connectionString: url, max: 1 });
  const left = async () => (await probe.query<{ n: number }>('select count(*)::int as n from graphile_worker._private_jobs')).rows[0]!.n;
  let handled = 0;
  const cpu = await measureCpu(probe);
  const started = performance.now();
  const runner = await run({
    connectionString: url,
    concurrency,
    noHandleSignals: true,
    logger: quiet,
    taskList: { noop: async () => void handled++ },
  });
  // A completed job is deleted, so "done" is an empty jobs table (polled as Sundial's is).
  while ((await left()) > 0) await sleep(100);
  const ms = performance.now() - started;
  const use = await cpu();
  await runner.stop();
  await probe.end();
  if (handled < jobs) throw new Error(`graphile-worker ran ${handled} of ${jobs} jobs`);
  return { ms, cpu: use };
}
