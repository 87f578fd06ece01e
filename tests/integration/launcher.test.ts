import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/launcher/ports';
import { createDatabase, dropDatabase } from '../helpers/db';
import { cleanEnv, isAlive, processesMatching, runEntry, waitUntil, type Env, type Proc } from '../helpers/processes';

// `npm start` as a user runs it: the real launcher, embedded Postgres, web and worker
// processes. The dashboard build is made once beforehand (tests/run.ts); if it is missing
// the first start here builds it.

type Health = { status: string; database: { up: boolean }; workers: { live: number; list: { id: string }[] } };

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) {
    for (const pid of processesMatching(dir)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-launch-'));
  dataDirs.push(dir);
  return dir;
}

// Without credentials /api/health answers only its status; workers need a key (one per data dir).
const healthKeys = new Map<string, string>();
async function health(port: number, env: Env): Promise<Health> {
  const dir = env.SUNDIAL_DATA_DIR!;
  if (!healthKeys.has(dir)) {
    const cli = runEntry('bin/api-key.ts', env, ['--name', 'health check', '--role', 'viewer']);
    expect((await cli.exit).code, cli.output()).toBe(0);
    healthKeys.set(dir, /sdk_\S+/.exec(cli.output())![0]);
  }
  const res = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { authorization: `Bearer ${healthKeys.get(dir)}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Health;
}

function launcherState(dataDir: string): { pid: number; children: Record<string, number> } {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'launcher.json'), 'utf8'));
}

/** A data dir and port of its own, and the environment a user would start with. */
async function setUp(extra: Record<string, string> = {}): Promise<{ dataDir: string; port: number; env: Env }> {
  const dataDir = newDataDir();
  const port = await freePort();
  return { dataDir, port, env: cleanEnv({ PORT: String(port), SUNDIAL_DATA_DIR: dataDir, ...extra }) };
}

async function start(env: Env): Promise<Proc> {
  const proc = runEntry('bin/start.ts', env);
  await proc.waitFor('Sign in', 240_000);
  return proc;
}

/** What Ctrl-C in a terminal does: SIGINT to the launcher's whole process group. */
async function ctrlC(proc: Proc): Promise<number | null> {
  process.kill(-proc.pid, 'SIGINT');
  return (await proc.exit).code;
}

async function expectNothingLeft(dataDir: string, pids: number[]): Promise<void> {
  await waitUntil(() => pids.every((pid) => !isAlive(pid)) && processesMatching(dataDir).length === 0, 20_000, 'no leftover processes');
}

describe('npm start', () => {
  it('runs on an embedded Postgres, stops cleanly on Ctrl-C, and finds its data again', async () => {
    const { dataDir, port, env } = await setUp();

    const first = await start(env);
    expect(first.output()).toMatch(/Sign in\s+admin@sundial\.local \/ \S{12,}\s+\(generated/);
    expect(first.output()).toContain('created the built-in task "Weekly report"');
    const h1 = await health(port, env);
    expect(h1).toMatchObject({ status: 'ok', database: { up: true }, workers: { live: 1 } });
    const state = launcherState(dataDir);
    const ours = [state.pid, ...Object.values(state.children)];
    expect(Object.keys(state.children).sort()).toEqual(['postgres', 'web', 'worker']);
    expect(processesMatching(path.join(dataDir, 'pgdata')).length).toBeGreaterThan(0);
    // A command-line tool finds the running embedded database through the data dir.
    const cli = runEntry('bin/api-key.ts', env, ['--name', 'from the shell']);
    expect((await cli.exit).code, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/API key "from the shell" \(operator\), shown only now:\nsdk_\S{40,}/);

    expect(await ctrlC(first)).toBe(0);
    await expectNothingLeft(dataDir, ours);
    expect(fs.existsSync(path.join(dataDir, 'launcher.json'))).toBe(false);

    const second = await start(env);
    expect(second.output()).toContain('admin@sundial.local (password as set on the first start)');
    expect(second.output()).not.toContain('creating the embedded database');
    expect(second.output()).not.toContain('created the built-in task');
    const h2 = await health(port, env);
    expect(h2.workers.list.map((w) => w.id)).toEqual(h1.workers.list.map((w) => w.id));
    expect(await ctrlC(second)).toBe(0);
    await expectNothingLeft(dataDir, []);
  });

  it('starts again after the launcher was killed with -9', async () => {
    const { dataDir, port, env } = await setUp();
    const first = await start(env);
    const old = launcherState(dataDir);
    process.kill(old.pid, 'SIGKILL');
    await first.exit;

    const second = await start(env);
    expect((await health(port, env)).workers.live).toBe(1);
    const current = launcherState(dataDir);
    expect(await ctrlC(second)).toBe(0);
    await expectNothingLeft(dataDir, [...Object.values(old.children), ...Object.values(current.children)]);
  });

  it('stops a postmaster orphaned by kill -9 of the launcher and its Postgres host, then starts', async () => {
    const { dataDir, port, env } = await setUp();
    const first = await start(env);
    const old = launcherState(dataDir);
    process.kill(old.children.postgres!, 'SIGKILL');
    process.kill(old.pid, 'SIGKILL');
    await first.exit;
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isAlive(postmaster)).toBe(true);

    const second = await start(env);
    expect(second.output()).toContain(`stopping a Postgres server (pid ${postmaster}) left running by an earlier start`);
    expect((await health(port, env)).workers.live).toBe(1);
    expect(await ctrlC(second)).toBe(0);
    await expectNothingLeft(dataDir, [postmaster, ...Object.values(old.children)]);
  });

  it('uses DATABASE_URL when set and starts no embedded server; a password the operator set is never printed', async () => {
    const database = await createDatabase('empty');
    try {
      const { dataDir, port, env } = await setUp({ DATABASE_URL: database.url, ADMIN_PASSWORD: 'operator-chosen-password-9' });
      const proc = await start(env);
      expect(proc.output()).toMatch(/Database    postgres:\/\/\S+ \(DATABASE_URL\)/);
      expect(proc.output()).toMatch(/Sign in     admin@sundial\.local \(password from ADMIN_PASSWORD\)/);
      expect(proc.output()).not.toContain('operator-chosen-password-9');
      expect(proc.output()).toMatch(/Outbound    .*SUNDIAL_OUTBOUND_ALLOW=127\.0\.0\.1,::1,localhost/);
      expect(await health(port, env)).toMatchObject({ status: 'ok', workers: { live: 1 } });
      expect(launcherState(dataDir).children).not.toHaveProperty('postgres');
      expect(processesMatching('embedded-postgres.ts').filter((pid) => processesMatching(dataDir).includes(pid))).toEqual([]);
      expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(false);
      expect(await ctrlC(proc)).toBe(0);
      await expectNothingLeft(dataDir, []);
      const { rows } = await database.pool.query(`select status from workers`);
      expect(rows).toEqual([{ status: 'stopped' }]);
    } finally {
      await dropDatabase(database);
    }
  });
});

describe('a bad environment', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['PORT=abc', { PORT: 'abc' }, /^sundial: PORT must be a TCP port number/],
    ['a DATABASE_URL that is not a URL', { DATABASE_URL: 'localhost:5432' }, /^sundial: DATABASE_URL must be a postgres:\/\/ URL/],
    ['a bad SUNDIAL_OUTBOUND_ALLOW', { SUNDIAL_OUTBOUND_ALLOW: '127.0.0.1,10.0.0.0/99' }, /^sundial: SUNDIAL_OUTBOUND_ALLOW must be a comma-separated list of CIDR ranges/],
    ['an unreachable DATABASE_URL', { DATABASE_URL: 'postgres://sundial:pw@127.0.0.1:1/sundial', SUNDIAL_DB_CONNECT_TIMEOUT: '2' }, /^sundial: DATABASE_URL: cannot reach postgres:\/\/sundial:\*\*\*@127\.0\.0\.1:1\/sundial within 2s/],
  ];
  for (const [name, vars, expected] of cases) {
    it(`${name}: exits non-zero with one line naming the variable`, async () => {
      const { env } = await setUp(vars);
      const started = Date.now();
      const proc = runEntry('bin/start.ts', env);
      const { code } = await proc.exit;
      expect(code).toBe(1);
      const lines = proc.output().trim().split('\n');
      expect(lines, proc.output()).toHaveLength(1);
      expect(lines[0]).toMatch(expected);
      expect(Date.now() - started).toBeLessThan(30_000);
    });
  }
});
