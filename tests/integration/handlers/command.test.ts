import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal, secretKey } from '../../../lib/secrets/crypto';
import { triggerRun } from '../../../lib/tasks/service';
import { withTestDatabase } from '../../helpers/db';
import { cleanEnv, groupMembers, isRunning, root, runEntry, waitUntil, type Proc } from '../../helpers/processes';
import { makeTask, runsOf } from '../../helpers/tasks';

// Issue 12, point 3: the command handler, run by real worker processes on real Python scripts.

const database = withTestDatabase();
const SCRIPT = path.join(root, 'tests/fixtures/command/script.py');
const KEY = 'command-test-secret-key-long-enough-to-seal';
const TOKEN = 'tok_cmd_8d1f0b27';
const leftovers: number[] = [];
let worker: Proc;

function startWorker(extra: Record<string, string>): Proc {
  const proc = runEntry('worker/index.ts', cleanEnv({ DATABASE_URL: database.url, SUNDIAL_SECRET_KEY: KEY, LOG_LEVEL: 'info', ...extra }));
  leftovers.push(proc.pid);
  return proc;
}

beforeAll(async () => {
  const ring = { current: secretKey(KEY), previous: [] };
  await database.pool.query(`insert into secrets (name, sealed, key_id, created_by, updated_by) values ('API_TOKEN', $1, $2, 'test', 'test')`, [
    seal(ring, TOKEN, 'secret:API_TOKEN'),
    ring.current.id,
  ]);
  worker = startWorker({ SUNDIAL_COMMAND_ENABLED: 'true', SUNDIAL_COMMAND_ALLOW: 'python3' });
  await worker.waitFor('worker started', 60_000);
});

afterAll(() => {
  for (const pid of leftovers) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});

const python = (mode: string, ...args: string[]) => ({ command: 'python3', args: [SCRIPT, mode, ...args] });

async function start(name: string, config: Record<string, unknown>, policy = {}, run: { params?: Record<string, unknown>; testMode?: boolean } = {}) {
  const task = await makeTask(database, { name, handler: 'command', config, schedule: { kind: 'manual' }, policy });
  const queued = await triggerRun(database.db, task.id, { trigger: 'manual', ...run });
  if (!queued.ok) throw new Error('could not queue a run');
  return { taskId: task.id, runId: queued.value.runId };
}

async function run(runId: number) {
  const { rows } = await database.pool.query('select status, result, progress, error_message from runs where id = $1', [runId]);
  return rows[0] as { status: string; result: unknown; progress: unknown; error_message: string | null };
}

async function ended(runId: number, timeoutMs = 30_000) {
  await waitUntil(async () => !['queued', 'running'].includes((await run(runId)).status), timeoutMs, `run ${runId} to end`);
  return run(runId);
}

async function logs(runId: number) {
  const { rows } = await database.pool.query<{ level: string; message: string }>('select level, message from run_logs where run_id = $1 order by seq', [runId]);
  return rows;
}

const hasLine = async (runId: number, text: string) => (await logs(runId)).some((l) => l.message.includes(text));

/** Gone, or a zombie nobody has reaped yet (the container's init may not): it runs no more. */
function dead(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  return !isRunning(pid);
}

describe('the command handler on a worker that enables it', () => {
  it("as a pipeline step, reads the earlier steps' results from SUNDIAL_STEPS_FILE", async () => {
    const task = await makeTask(database, {
      name: 'command step',
      handler: 'pipeline',
      config: { steps: [{ name: 'first', handler: 'noop', config: {} }, { name: 'second', handler: 'command', config: python('steps') }] },
      schedule: { kind: 'manual' },
    });
    const queued = await triggerRun(database.db, task.id, { trigger: 'manual' });
    const done = await ended(queued.ok ? queued.value.runId : 0);
    expect(done).toMatchObject({ status: 'succeeded', result: { first: { ok: true }, second: { saw: { first: { ok: true } } } } });
  });

  it('streams stdout and stderr while the process runs, reports progress, masks secrets and stores the JSON result', async () => {
    const gate = path.join(os.tmpdir(), `sundial-gate-${process.pid}-${Date.now()}`);
    const config = { ...python('talk', gate), cwd: os.tmpdir(), env: { API_TOKEN: '{{secrets.API_TOKEN}}' } };
    const { runId, taskId } = await start('talker', config, {}, { params: { region: 'eu', n: 2 }, testMode: true });

    await waitUntil(() => hasLine(runId, 'waiting for the gate'), 20_000, 'the line before the gate');
    expect((await run(runId)).status).toBe('running');
    await waitUntil(async () => JSON.stringify((await run(runId)).progress) === '{"done":1,"total":3}', 5000, 'the first progress report');
    fs.writeFileSync(gate, '');

    const done = await ended(runId);
    fs.rmSync(gate, { force: true });
    expect(done.status).toBe('succeeded');
    expect(done.progress).toEqual({ done: 3, total: 3 });
    const lines = await logs(runId);
    expect(lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual([
      expect.stringMatching(/^running \/.*python3/),
      'out: starting',
      'token=***',
      'binary:\uFFFD:end',
      'waiting for the gate',
      'out: resumed',
      'partial tail',
    ]);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(['err: warming up', 'err: after resume']);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);

    const result = done.result as { context: Record<string, string>; params: unknown; resultFileExists: boolean; leaked: string[]; cwd: string; nul: string };
    expect(result.params).toEqual({ region: 'eu', n: 2 });
    expect(result.nul).toBe('a\uFFFDb');
    expect(result.leaked).toEqual([]);
    expect(result.cwd).toBe(fs.realpathSync(os.tmpdir()));
    expect(result.resultFileExists).toBe(true);
    const ctx = result.context;
    // Exactly the run context: none of the worker's own SUNDIAL_* settings (its secret key) reached it.
    expect(Object.keys(ctx).sort()).toEqual([
      'SUNDIAL_ATTEMPT',
      'SUNDIAL_PARAMS',
      'SUNDIAL_RESULT_FILE',
      'SUNDIAL_RUN_ID',
      'SUNDIAL_SCHEDULED_FOR',
      'SUNDIAL_TASK_ID',
      'SUNDIAL_TASK_NAME',
      'SUNDIAL_TEST_MODE',
      'SUNDIAL_TRIGGER',
    ]);
    expect(ctx).toMatchObject({ SUNDIAL_RUN_ID: String(runId), SUNDIAL_TASK_ID: taskId, SUNDIAL_TASK_NAME: 'talker', SUNDIAL_TEST_MODE: 'true', SUNDIAL_ATTEMPT: '1', SUNDIAL_TRIGGER: 'manual' });
    expect(new Date(ctx.SUNDIAL_SCHEDULED_FOR!).toISOString()).toBe(ctx.SUNDIAL_SCHEDULED_FOR);
    expect(fs.existsSync(ctx.SUNDIAL_RESULT_FILE!)).toBe(false);
  });

  it('fails on a non-zero exit with the last 20 stderr lines in the error, and retries it unless the code is 78', async () => {
    const retried = await start('failer', python('fail', '3'), { maxAttempts: 2, backoffSeconds: 0 });
    const done = await ended(retried.runId);
    expect(done.status).toBe('failed');
    expect(done.error_message).toMatch(/^exited with code 3; last stderr lines:\nproblem 11\n/);
    expect(done.error_message).toMatch(/\nproblem 30$/);
    expect(done.error_message).not.toContain('problem 10\n');
    await waitUntil(async () => (await runsOf(database, retried.taskId)).length === 2, 10_000, 'the retry');

    const final = await start('config-error', python('fail', '78'), { maxAttempts: 2, backoffSeconds: 0 });
    expect((await ended(final.runId)).error_message).toMatch(/^exited with code 78 \(not retried\); last stderr lines:\nproblem 11\n/);
    expect(await runsOf(database, final.taskId)).toHaveLength(1);
  });

  it('fails, without retrying, when the result file is not JSON', async () => {
    const { runId, taskId } = await start('bad-result', python('bad-result'), { maxAttempts: 3, backoffSeconds: 0 });
    const done = await ended(runId);
    expect(done.status).toBe('failed');
    expect(done.error_message).toMatch(/^the result file \(SUNDIAL_RESULT_FILE\) is not valid JSON/);
    expect(await runsOf(database, taskId)).toHaveLength(1);
  });

  it('a result file in the item report shape with failed items ends the run succeeded and partial', async () => {
    const report = { total: 3, succeeded: 2, failed: 1, skipped: 0, failures: [{ item: 'acct-b', error: 'refused' }] };
    const write = `import json, os; json.dump(${JSON.stringify(report)}, open(os.environ["SUNDIAL_RESULT_FILE"], "w"))`;
    const { runId } = await start('items', { command: 'python3', args: ['-c', write] });
    expect(await ended(runId)).toMatchObject({ status: 'succeeded', result: report });
    expect((await database.pool.query('select partial from runs where id = $1', [runId])).rows[0]).toEqual({ partial: true });
  });

  it('on timeout kills the whole process group, grandchildren too', async () => {
    const { runId } = await start('hanger', python('hang'), { timeoutSeconds: 3 });
    await waitUntil(() => hasLine(runId, 'pids '), 20_000, 'the script to report its pids');
    const line = (await logs(runId)).find((l) => l.message.startsWith('pids '))!.message;
    const [script, grandchild] = line.split(' ').slice(1).map(Number) as [number, number];
    leftovers.push(script, grandchild);
    expect(dead(grandchild)).toBe(false);

    const done = await ended(runId);
    expect(done.status).toBe('timed_out');
    await waitUntil(() => dead(script) && dead(grandchild), 2000, `pids ${script} and ${grandchild} to die`);
    expect(groupMembers(script)).toEqual([]);
  });

  it('refuses, without retrying, an executable that SUNDIAL_COMMAND_ALLOW does not list, and a shell', async () => {
    for (const [name, config] of [
      ['echo', { command: '/bin/echo', args: ['hi'] }],
      ['shell', { command: 'echo hi', shell: true }],
    ] as const) {
      const { runId, taskId } = await start(`refused-${name}`, config, { maxAttempts: 3, backoffSeconds: 0 });
      const done = await ended(runId);
      expect(done.status).toBe('failed');
      expect(done.error_message).toMatch(/is not allowed on this worker: SUNDIAL_COMMAND_ALLOW lists python3$/);
      expect(await runsOf(database, taskId)).toHaveLength(1);
    }
  });
});

describe('the command handler on a worker that does not enable it', () => {
  it('is in the catalog, described as off, and fails its runs without retrying, naming the variable', async () => {
    process.kill(worker.pid, 'SIGTERM');
    await worker.exit;
    const off = startWorker({});
    await off.waitFor('worker started', 60_000);
    const { rows } = await database.pool.query<{ description: string }>(`select description from handlers where key = 'command'`);
    expect(rows[0]?.description).toContain('Off unless the worker sets SUNDIAL_COMMAND_ENABLED=true');

    const { runId, taskId } = await start('off', python('fail', '3'), { maxAttempts: 3, backoffSeconds: 0 });
    const done = await ended(runId);
    expect(done.status).toBe('failed');
    expect(done.error_message).toBe('the command handler is off on this worker: its operator enables it with SUNDIAL_COMMAND_ENABLED=true');
    expect(await runsOf(database, taskId)).toHaveLength(1);
    process.kill(off.pid, 'SIGTERM');
    await off.exit;
  });
});
