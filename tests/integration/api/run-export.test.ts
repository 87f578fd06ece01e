import { beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '../../../lib/db';
import { RowCursor } from '../../../db/queries/history';
import { EXPORT_BATCH, exportTaskRunsRoute, EXPORT_ROW_LIMIT, RUN_CSV_HEADER } from '../../../lib/api/v1/run-export';
import { makeCallers, withApiEnvironment, type Caller } from '../../helpers/api';
import { withTestDatabase } from '../../helpers/db';
import { makeTask } from '../../helpers/tasks';

const database = withTestDatabase();
withApiEnvironment(database);

let viewer: Caller;
beforeAll(async () => {
  viewer = (await makeCallers(database)).find((c) => c.label === 'viewer API key')!;
});

const request = (taskId: string, search = '', headers = viewer.headers) =>
  exportTaskRunsRoute(new Request(`http://localhost:3000/api/v1/tasks/${taskId}/runs.csv${search}`, { headers: { host: 'localhost:3000', ...headers } }), {
    params: Promise.resolve({ id: taskId }),
  });

/** The CSV as a browser downloads it: the raw text, not JSON. */
async function download(taskId: string, search = '', headers = viewer.headers) {
  const res = await request(taskId, search, headers);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const lineCount = (text: string) => text.split('\r\n').length - 1;
/** Every connection of the app's pool is back, idle. */
const poolAtRest = () => getPool().totalCount === getPool().idleCount;

async function addRun(taskId: string, fields: { trigger: string; status: string; reason?: string; durationMs?: number }) {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into runs (task_id, trigger, status, reason, scheduled_for, duration_ms) values ($1, $2, $3, $4, '2026-03-08T07:00:00Z', $5) returning id`,
    [taskId, fields.trigger, fields.status, fields.reason ?? null, fields.durationMs ?? null],
  );
  return Number(rows[0]!.id);
}

describe('GET /api/v1/tasks/{id}/runs.csv', () => {
  it('downloads the history as an attachment, newest first, with a header row', async () => {
    const task = await makeTask(database, { name: 'Nightly, "big" import', schedule: { kind: 'manual' } });
    const first = await addRun(task.id, { trigger: 'manual', status: 'succeeded', durationMs: 1200 });
    const second = await addRun(task.id, { trigger: 'schedule', status: 'missed', reason: 'missed by 10 min, past the 5 min grace' });
    const res = await download(task.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="runs-nightly-big-import.csv"');
    expect(res.headers.get('x-truncated')).toBe('false');
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(RUN_CSV_HEADER.join(','));
    expect(lines[1]).toMatch(new RegExp(`^${second},missed,schedule,,2026-03-08T07:00:00.000Z,,,,,1,,false,,"missed by 10 min, past the 5 min grace",$`));
    expect(lines[2]).toMatch(new RegExp(`^${first},succeeded,manual,.*,1200,`));
    expect(lines.slice(3)).toEqual(['']);
  });

  it('applies the status and trigger filters of the history', async () => {
    const task = await makeTask(database, { name: 'filtered export', schedule: { kind: 'manual' } });
    await addRun(task.id, { trigger: 'manual', status: 'succeeded' });
    const failed = await addRun(task.id, { trigger: 'manual', status: 'failed' });
    await addRun(task.id, { trigger: 'schedule', status: 'failed' });
    const res = await download(task.id, '?status=failed&trigger=manual');
    expect(res.text.trim().split('\r\n').slice(1).map((l) => l.split(',')[0])).toEqual([String(failed)]);
  });

  it('defuses a reason a spreadsheet would run as a formula', async () => {
    const task = await makeTask(database, { name: 'formula export', schedule: { kind: 'manual' } });
    await addRun(task.id, { trigger: 'manual', status: 'skipped', reason: '=HYPERLINK("http://evil.example")' });
    const res = await download(task.id);
    expect(res.text).toContain(`,"'=HYPERLINK(""http://evil.example"")",`);
  });

  it(`stops at ${EXPORT_ROW_LIMIT} rows and says it was cut`, async () => {
    const task = await makeTask(database, { name: 'huge export', schedule: { kind: 'manual' } });
    await database.pool.query(
      `insert into runs (task_id, trigger, status, scheduled_for) select $1, 'manual', 'succeeded', now() from generate_series(1, $2::int)`,
      [task.id, EXPORT_ROW_LIMIT + 5],
    );
    const res = await download(task.id);
    expect(res.headers.get('x-truncated')).toBe('true');
    expect(res.headers.get('x-row-count')).toBe(String(EXPORT_ROW_LIMIT));
    expect(res.text.trim().split('\r\n')).toHaveLength(EXPORT_ROW_LIMIT + 1);
  });

  it('streams: the first rows are sent while the rest are still in the database, and the connection comes back', async () => {
    const task = await makeTask(database, { name: 'streamed export', schedule: { kind: 'manual' } });
    const total = EXPORT_BATCH * 3 + 5;
    await database.pool.query(
      `insert into runs (task_id, trigger, status, scheduled_for) select $1, 'manual', 'succeeded', now() - g * interval '1 second' from generate_series(1, $2::int) g`,
      [task.id, total],
    );
    const res = await request(task.id);
    // Known before the first byte, from the same snapshot as the rows.
    expect(res.headers.get('x-row-count')).toBe(String(total));
    expect(res.headers.get('x-truncated')).toBe('false');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(lineCount(first)).toBe(1 + EXPORT_BATCH);
    expect(poolAtRest()).toBe(false);
    let text = first;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);
    expect(lineCount(text)).toBe(1 + total);
    expect(poolAtRest()).toBe(true);
  });

  it('gives the connection back when the download is abandoned half way', async () => {
    const task = await makeTask(database, { name: 'abandoned export', schedule: { kind: 'manual' } });
    await database.pool.query(
      `insert into runs (task_id, trigger, status, scheduled_for) select $1, 'manual', 'failed', now() from generate_series(1, $2::int)`,
      [task.id, EXPORT_BATCH * 2],
    );
    const reader = (await request(task.id, '?status=failed')).body!.getReader();
    await reader.read();
    expect(poolAtRest()).toBe(false);
    await reader.cancel();
    expect(poolAtRest()).toBe(true);
  });

  it('releases the connection of a reader that goes quiet, whose next read then fails rather than end the file early', async () => {
    const cursor = await RowCursor.open(database.pool, { sql: 'select g from generate_series(1, $1::int) g', params: [10] }, 4, 50);
    expect(await cursor.read()).toHaveLength(4);
    expect(database.pool.idleCount).toBe(database.pool.totalCount - 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(database.pool.idleCount).toBe(database.pool.totalCount);
    await expect(cursor.read()).rejects.toThrow(/idle/);
  });

  it('refuses a missing task, a bad filter and a caller without credentials', async () => {
    const missing = await download('00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ error: { code: 'not_found' } });
    const task = await makeTask(database, { name: 'refusals export', schedule: { kind: 'manual' } });
    const bad = await download(task.id, '?status=exploded');
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.text).error.fields[0].field).toBe('status');
    expect((await download(task.id, '', {})).status).toBe(401);
  });
});
