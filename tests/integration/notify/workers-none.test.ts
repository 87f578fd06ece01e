import { describe, expect, it } from 'vitest';
import { queueWorkersNone } from '../../../db/queries/incidents';
import { getSettingsRoute, updateSettingsRoute } from '../../../lib/api/v1/admin';
import { call, makeCallers, withApiEnvironment } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeChannel, outboxRows } from '../../helpers/outbox';
import { silentLog } from '../../helpers/worker';
import { NotifyWatch } from '../../../lib/notify/watch';

// "No live worker for N minutes": checked by the web process and every worker; one message per
// default channel and outage, however many processes check and however often.

const database = withTestDatabase();
withApiEnvironment(database);
const LIVE = 20;

async function worker(id: string, secondsAgo: number, status = 'running'): Promise<void> {
  await database.pool.query(
    `insert into workers (id, hostname, pid, version, status, last_heartbeat_at, stopped_at)
     values ($1, 'host', 1, 'test', $2, now() - make_interval(secs => $3), case when $2 = 'stopped' then now() - make_interval(secs => $3) end)
     on conflict (id) do update set status = excluded.status, last_heartbeat_at = excluded.last_heartbeat_at, stopped_at = excluded.stopped_at`,
    [id, status, secondsAgo],
  );
}
const messages = () => outboxRows(database, `event = 'workers.none'`);

describe('workers.none', () => {
  it('says nothing on a fresh install, nor while a worker is live, nor before the minutes have passed', async () => {
    const ch = await makeChannel(database, 'ops-none', { isDefault: true });
    await makeChannel(database, 'not-default-none');
    expect(await queueWorkersNone(database.db, LIVE)).toBe(0);
    await worker('w1', 600);
    await worker('w2', 1);
    expect(await queueWorkersNone(database.db, LIVE)).toBe(0);
    // w2 died 90 s ago (stale for 70 s): under the default 2 minutes.
    await worker('w2', 90);
    expect(await queueWorkersNone(database.db, LIVE)).toBe(0);

    // The lone worker left died 3 minutes ago: one message per default channel, once, from any number of checks.
    await worker('w2', 180);
    const watches = [1, 2, 3].map(() => new NotifyWatch({ db: database.db, log: silentLog, reminders: true }));
    await Promise.all(watches.map((w) => w.check()));
    await queueWorkersNone(database.db, LIVE);
    const rows = await messages();
    expect(rows.map((r) => r.channel_id)).toEqual([ch]);
    expect(rows[0]!.data).toMatchObject({ minutes: 2, workers: [expect.objectContaining({ id: 'w2' }), expect.objectContaining({ id: 'w1' })] });

    // A worker comes back, then stops cleanly and stays away: a new outage, a new message.
    await worker('w2', 0);
    expect(await queueWorkersNone(database.db, LIVE)).toBe(0);
    await worker('w2', 600, 'stopped');
    expect(await queueWorkersNone(database.db, LIVE)).toBe(1);
    expect(await messages()).toHaveLength(2);
  });

  it('reads the minutes from the settings', async () => {
    await database.pool.query(`delete from workers; delete from outbox; insert into settings (key, value) values ('notify.workersNoneMinutes', '10')`);
    await worker('w3', 300);
    expect(await queueWorkersNone(database.db, LIVE)).toBe(0);
    await worker('w3', 700);
    expect(await queueWorkersNone(database.db, LIVE)).toBe(1);
  });
});

describe('the setting through the API', () => {
  it('admins set the minutes (1 to 1440), audited; bad values change nothing; the check reads them', async () => {
    const callers = await makeCallers(database);
    const admin = callers.find((c) => c.label === 'admin session')!.headers;
    const operator = callers.find((c) => c.label === 'operator session')!.headers;
    const patch = (body: unknown, headers = admin) => call(updateSettingsRoute, 'PATCH', '/x', { headers, body });
    expect((await patch({ workersNoneMinutes: 5 })).body).toMatchObject({ workersNoneMinutes: 5 });
    for (const bad of [0, 1441, '5']) expect((await patch({ workersNoneMinutes: bad })).status).toBe(422);
    expect((await patch({ workersNoneMinutes: 7 }, operator)).status).toBe(403);
    expect((await call(getSettingsRoute, 'GET', '/x', { headers: admin })).body.workersNoneMinutes).toBe(5);
    await database.pool.query(`delete from workers; delete from outbox`);
    await worker('w4', 4 * 60 + LIVE);
    expect(await queueWorkersNone(database.db, LIVE)).toBe(0);
    await worker('w4', 6 * 60 + LIVE);
    expect(await queueWorkersNone(database.db, LIVE)).toBe(1);
  });
});
