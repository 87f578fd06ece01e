import { describe, expect, it } from 'vitest';
import { appendLogLines } from '../../../db/queries/engine/logs';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';

// A run has two log writers once an app or a remote worker reports on it with its run token,
// besides its worker: neither may lose the other's lines.

const database = withTestDatabase();
const line = (message: string) => ({ level: 'info', message, at: new Date() });

describe('run log lines from two writers', () => {
  it('are all kept, each writer in its own order, when both write after the same last line', async () => {
    const task = await makeTask(database, { name: 'two writers', schedule: { kind: 'manual' } });
    const { rows } = await database.pool.query<{ id: string }>(`insert into runs (task_id, trigger, status, scheduled_for) values ($1, 'api', 'running', now()) returning id`, [task.id]);
    const runId = Number(rows[0]!.id);
    const worker = await appendLogLines(database.pool, runId, [line('worker 1')]);
    // The app read nothing yet and writes from 0; the worker still believes its line is the last.
    const app = await appendLogLines(database.pool, runId, [line('app 1'), line('app 2')], { after: 0 });
    const worker2 = await appendLogLines(database.pool, runId, [line('worker 2'), line('worker 3')], { after: worker });
    const logs = await database.pool.query<{ seq: number; message: string }>('select seq, message from run_logs where run_id = $1 order by seq', [runId]);
    const messages = logs.rows.map((r) => r.message);
    expect(messages).toHaveLength(5);
    expect(messages.filter((m) => m.startsWith('app'))).toEqual(['app 1', 'app 2']);
    expect(messages.filter((m) => m.startsWith('worker'))).toEqual(['worker 1', 'worker 2', 'worker 3']);
    expect(logs.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(app, worker2)).toBe(5);
  });
});
