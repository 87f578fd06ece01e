import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';

// The migration that keeps http tasks saved before the envelope doing what they did, run on
// tasks saved in the old shape (the test database is already migrated, so its SQL runs again).

const database = withTestDatabase();
const sql = readFileSync(path.join(import.meta.dirname, '../../../db/migrations/0017_http_tasks_keep_behaviour.sql'), 'utf8');

async function saved(name: string, handler: string, config: Record<string, unknown>): Promise<string> {
  const task = await makeTask(database, { name, schedule: { kind: 'manual' } });
  await database.pool.query('update tasks set handler = $2, config = $3 where id = $1', [task.id, handler, config]);
  return task.id;
}

describe('http tasks saved before the run context was sent', () => {
  it('keep their body as written, and a changing call stays skipped in test mode; new ones and other handlers are untouched', async () => {
    const post = await saved('slack post', 'http', { method: 'POST', url: 'https://hooks.example.com/x', body: '{"text":"hi"}' });
    const get = await saved('health', 'http', { url: 'https://example.com/health' });
    const fresh = await saved('new app call', 'http', { method: 'POST', url: 'https://app.example.com/run', envelope: true });
    const other = await saved('sleepy', 'sleep', { seconds: 1 });
    await database.pool.query(sql);
    const config = async (id: string) => (await database.pool.query('select config from tasks where id = $1', [id])).rows[0].config;
    expect(await config(post)).toEqual({ method: 'POST', url: 'https://hooks.example.com/x', body: '{"text":"hi"}', envelope: false, skipInTestMode: true });
    expect(await config(get)).toEqual({ url: 'https://example.com/health', envelope: false });
    expect(await config(fresh)).toEqual({ method: 'POST', url: 'https://app.example.com/run', envelope: true });
    expect(await config(other)).toEqual({ seconds: 1 });
  });
});
