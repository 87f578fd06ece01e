import os from 'node:os';
import { shared } from '../db/client';
import { env } from '../lib/env';
import { exitWithStartupError } from '../lib/errors';
import { createLogger } from '../lib/log';
import { onShutdown } from '../lib/process';
import { prepareDatabase } from '../lib/startup';
import { workerIdFor } from '../lib/workers';
import { Worker } from './worker';

async function main(): Promise<void> {
  await prepareDatabase();
  const e = env();
  const log = createLogger('worker');
  const { db, pool } = shared();
  const worker = new Worker({
    db,
    id: workerIdFor(os.hostname(), process.pid, e.SUNDIAL_WORKER_ID),
    log,
    schedulerEnabled: e.SCHEDULER_ENABLED,
  });
  await worker.start();
  onShutdown(async (reason) => {
    log.info({ reason }, 'stopping worker');
    await worker.stop();
    await pool.end();
  });
}

main().catch((err: unknown) => exitWithStartupError(err, 'sundial worker'));
