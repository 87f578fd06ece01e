import { describe, expect, it } from 'vitest';
import { listLiveWorkers } from '../../db/queries/workers';
import { testWorker } from '../helpers/worker';
import { withTestDatabase } from '../helpers/db';
import { cleanEnv, runEntry, waitUntil } from '../helpers/processes';

const database = withTestDatabase();

async function row(id: string) {
  const { rows } = await database.pool.query<{ status: string; last_heartbeat_at: Date; stopped_at: Date | null }>(
    'select status, last_heartbeat_at, stopped_at from workers where id = $1',
    [id],
  );
  return rows[0];
}

describe('worker heartbeat', () => {
  it('appears on start, advances on the node-cron tick, and goes away on a graceful stop', async () => {
    const worker = testWorker(database, { id: 'hb-1' });
    await worker.start();
    expect((await listLiveWorkers(database.db)).map((w) => w.id)).toEqual(['hb-1']);

    const first = (await row('hb-1'))!.last_heartbeat_at.getTime();
    await waitUntil(async () => (await row('hb-1'))!.last_heartbeat_at.getTime() > first, 5000, 'a second heartbeat');

    const stopped = worker.stop();
    expect(worker.stop()).toBe(stopped);
    await stopped;
    expect(await listLiveWorkers(database.db)).toEqual([]);
    expect(await row('hb-1')).toMatchObject({ status: 'stopped', stopped_at: expect.any(Date) });
  });

  it('does not count a worker whose heartbeat is older than the live window', async () => {
    const worker = testWorker(database, { id: 'hb-stale', tickCron: '0 0 1 1 *' });
    await worker.start();
    await database.pool.query(`update workers set last_heartbeat_at = now() - interval '1 minute' where id = 'hb-stale'`);
    expect((await listLiveWorkers(database.db)).map((w) => w.id)).not.toContain('hb-stale');
    await worker.stop();
  });

  it('the worker process marks itself stopped on SIGTERM and exits 0', async () => {
    const proc = runEntry('worker/index.ts', cleanEnv({ DATABASE_URL: database.url, SUNDIAL_WORKER_ID: 'proc-1', LOG_LEVEL: 'info' }));
    await proc.waitFor('worker started', 60_000);
    expect(await row('proc-1')).toMatchObject({ status: 'running' });
    process.kill(proc.pid, 'SIGTERM');
    expect((await proc.exit).code).toBe(0);
    expect(await row('proc-1')).toMatchObject({ status: 'stopped' });
  });

  it('treats the doubled SIGINT of a Ctrl-C under npm as one request and still stops gracefully', async () => {
    const proc = runEntry('worker/index.ts', cleanEnv({ DATABASE_URL: database.url, SUNDIAL_WORKER_ID: 'proc-2', LOG_LEVEL: 'info' }));
    await proc.waitFor('worker started', 60_000);
    process.kill(proc.pid, 'SIGINT');
    process.kill(proc.pid, 'SIGINT');
    expect((await proc.exit).code).toBe(0);
    expect(await row('proc-2')).toMatchObject({ status: 'stopped' });
  });
});
