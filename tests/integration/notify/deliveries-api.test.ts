import { beforeAll, describe, expect, it } from 'vitest';
import { listDeliveriesRoute, retryDeliveryRoute } from '../../../lib/api/v1/deliveries';
import { call, makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { startMailServer } from '../../helpers/mail';
import { addChannel, notifyEnvironment, outboxRows, queueTest, testSender, useSmtp } from '../../helpers/notify';
import { waitUntil } from '../../helpers/processes';

// Issue 11, points 5 and 9: Deliveries lists every message with its status, attempts and last
// error, pages by cursor, and "Retry now" sends a dead one again.

notifyEnvironment();
const database = withTestDatabase();
withApiEnvironment(database);
let callers: Caller[];
const as = (label: string) => callers.find((c) => c.label === label)!.headers;
beforeAll(async () => {
  callers = await makeCallers(database);
});

describe('deliveries API', () => {
  it('lists with filters and cursor paging; Retry now sends a dead message', async () => {
    const email = await addChannel(database, 'email', { to: ['ops@example.com'] }, undefined, 'Ops mail');
    const other = await addChannel(database, 'email', { to: ['dev@example.com'] });
    for (let i = 0; i < 5; i++) await queueTest(database, { channelId: email }, `d:${i}`);
    await queueTest(database, { channelId: other }, 'd:other');
    await database.pool.query(`update outbox set status = 'dead', attempts = 7, last_error = 'connection refused: 127.0.0.1:25' where dedupe_key = 'd:0'`);

    const first = await call(listDeliveriesRoute, 'GET', `/x?channel=${email}&limit=3`, { headers: as('viewer session') });
    expect(first.status).toBe(403);
    const page1 = await call(listDeliveriesRoute, 'GET', `/x?channel=${email}&limit=3`, { headers: as('operator session') });
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.items[0]).toMatchObject({ channelName: 'Ops mail', event: 'test', status: 'pending', attempts: 0 });
    const page2 = await call(listDeliveriesRoute, 'GET', `/x?channel=${email}&limit=3&cursor=${page1.body.nextCursor}`, { headers: as('operator session') });
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.nextCursor).toBeNull();
    const dead = await call(listDeliveriesRoute, 'GET', '/x?status=dead', { headers: as('operator API key') });
    expect(dead.body.items).toEqual([expect.objectContaining({ status: 'dead', attempts: 7, lastError: 'connection refused: 127.0.0.1:25' })]);
    expect((await call(listDeliveriesRoute, 'GET', '/x?status=lost', { headers: as('operator session') })).status).toBe(422);
    expect((await call(listDeliveriesRoute, 'GET', '/x?cursor=bogus', { headers: as('operator session') })).status).toBe(422);

    await database.pool.query(`update outbox set status = 'sent' where status = 'pending'`);
    const mail = await startMailServer();
    await useSmtp(database, mail.port);
    const sender = testSender(database, { pollMs: 60_000 });
    sender.start();
    try {
      const id = dead.body.items[0].id;
      expect((await call(retryDeliveryRoute, 'POST', '/x', { headers: as('viewer session'), params: { id: String(id) } })).status).toBe(403);
      const retried = await call(retryDeliveryRoute, 'POST', '/x', { headers: as('operator session'), params: { id: String(id) } });
      expect(retried.body).toMatchObject({ id, status: 'pending' });
      // This sender has no LISTEN connection: wake it as the worker's listener does on the retry's NOTIFY.
      sender.wake();
      await waitUntil(() => mail.received.length === 1, 10_000, 'the retried message');
      await waitUntil(async () => (await outboxRows(database)).every((r) => r.status === 'sent'), 5000, 'sent');
      expect((await call(retryDeliveryRoute, 'POST', '/x', { headers: as('operator session'), params: { id: String(id) } })).status).toBe(409);
      expect((await call(retryDeliveryRoute, 'POST', '/x', { headers: as('operator session'), params: { id: '999999' } })).status).toBe(404);
    } finally {
      await sender.stop();
      await mail.close();
    }
  });
});
