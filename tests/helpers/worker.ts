import pino from 'pino';
import { Worker, type WorkerOptions } from '../../worker/worker';
import type { TestDatabase } from './db';

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** An in-process worker on a test database, with short timings; `stop()` it in the test. */
export function testWorker(database: TestDatabase, options: Partial<WorkerOptions> & { id: string }): Worker {
  return new Worker({
    pool: database.pool,
    db: database.db,
    databaseUrl: database.url,
    log: silentLog,
    schedulerEnabled: true,
    heartbeatSeconds: 1,
    ...options,
  });
}
