import { describe, expect, it } from 'vitest';
import { queueWorkersNone } from '../../../db/queries/incidents';
import { withTestDatabase } from '../../helpers/db';
import { endOneRun, makeChannel, outboxRows } from '../../helpers/outbox';
import { makeTask } from '../../helpers/tasks';

// Users who chose an event on their Account page get it by email, for every task, besides the
// task's channels; disabled users and other events get nothing.

const database = withTestDatabase();

async function user(email: string, events: string[], disabled = false): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into users (email, role, password_hash, notify_events, disabled_at) values ($1, 'viewer', 'x', $2, case when $3 then now() end) returning id`,
    [email, events, disabled],
  );
  return rows[0]!.id;
}

describe('what people chose', () => {
  it('an incident reaches the task channel and each user who chose it, once each', async () => {
    const ch = await makeChannel(database, 'ops-people');
    const ana = await user('ana@example.com', ['incident.opened', 'incident.resolved']);
    await user('ben@example.com', ['report.weekly']);
    await user('gone@example.com', ['incident.opened'], true);
    const task = await makeTask(database, { name: 'people', schedule: { kind: 'manual' }, notify: { channels: [ch] } });
    await endOneRun(database, task.id, 'failed');
    await endOneRun(database, task.id, 'failed');
    await endOneRun(database, task.id, 'succeeded');
    const rows = await outboxRows(database, 'task_id = $1', [task.id]);
    expect(rows.map((r) => [r.event, r.channel_id ?? r.target])).toEqual([
      ['incident.opened', ch],
      ['incident.opened', 'ana@example.com'],
      ['incident.resolved', ch],
      ['incident.resolved', 'ana@example.com'],
    ]);
    expect(rows[1]!.dedupe_key).toMatch(new RegExp(`:opened:user:${ana}$`));
  });

  it('"no live worker" reaches whoever chose it, with no default channel at all', async () => {
    await user('night@example.com', ['workers.none']);
    await database.pool.query(`insert into workers (id, hostname, pid, version, status, last_heartbeat_at) values ('w', 'h', 1, 't', 'running', now() - interval '10 minutes')`);
    expect(await queueWorkersNone(database.db, 20)).toBe(1);
    expect(await queueWorkersNone(database.db, 20)).toBe(0);
    expect((await outboxRows(database, `event = 'workers.none'`)).map((r) => r.target)).toEqual(['night@example.com']);
  });
});
