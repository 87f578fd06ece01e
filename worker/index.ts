import os from 'node:os';
import path from 'node:path';
import { shared } from '../lib/db';
import { env } from '../lib/env';
import { exitWithStartupError } from '../lib/errors';
import { ensureSecretKey } from '../lib/launcher/secrets';
import { createLogger, guardConsole } from '../lib/log';
import { onShutdown } from '../lib/process';
import { prepareDatabase } from '../lib/startup';
import { workerIdFor } from '../lib/workers';
import { BUILT_IN_HANDLERS } from './handlers';
import { NotifyWatch } from '../lib/notify/watch';
import { Worker } from './worker';

async function main(): Promise<void> {
  guardConsole();
  const { url } = await prepareDatabase();
  const e = env();
  // The web process seals secrets with this key and this worker opens them: both need the same one.
  if (!e.SUNDIAL_SECRET_KEY) process.env.SUNDIAL_SECRET_KEY = ensureSecretKey(path.resolve(e.SUNDIAL_DATA_DIR));
  const log = createLogger('worker');
  const { db, pool } = shared();
  const worker = new Worker({
    pool,
    db,
    databaseUrl: url,
    id: workerIdFor(os.hostname(), process.pid, e.SUNDIAL_WORKER_ID),
    log,
    handlerModules: [BUILT_IN_HANDLERS, ...e.SUNDIAL_HANDLER_MODULES],
    schedulerEnabled: e.SCHEDULER_ENABLED,
    concurrency: e.SUNDIAL_WORKER_CONCURRENCY,
    leaseSeconds: e.SUNDIAL_LEASE_SECONDS,
    drainTimeoutSeconds: e.SUNDIAL_DRAIN_TIMEOUT,
  });
  await worker.start();
  const watch = new NotifyWatch({ db, log, reminders: true });
  watch.start();
  onShutdown(async (reason) => {
    log.info({ reason }, 'stopping worker');
    await Promise.all([worker.stop(), watch.stop()]);
    await pool.end();
  });
}

main().catch((err: unknown) => exitWithStartupError(err, 'sundial worker'));
