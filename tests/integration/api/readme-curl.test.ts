import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../lib/launcher/ports';
import { createDatabase, dropDatabase, type TestDatabase } from '../../helpers/db';
import { cleanEnv, root, runEntry, type Proc } from '../../helpers/processes';

// The README's API section must work as written: run its curl block against a real server.

function readmeExample(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /<!-- api-example:start -->\s*```sh\n([\s\S]*?)```\s*<!-- api-example:end -->/.exec(readme)?.[1];
  if (!block) throw new Error('README has no api-example block');
  return block;
}

let launcher: Proc | undefined;
let database: TestDatabase | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sundial-readme-'));
afterAll(async () => {
  if (launcher && launcher.child.exitCode === null) {
    process.kill(-launcher.pid, 'SIGINT');
    await launcher.exit;
  }
  if (database) await dropDatabase(database);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('README API section', () => {
  it('its curl commands work as written, with a key from npm run api-key', async () => {
    database = await createDatabase('empty');
    const port = await freePort();
    const env = cleanEnv({ DATABASE_URL: database.url, PORT: String(port), SUNDIAL_DATA_DIR: dataDir });
    launcher = runEntry('bin/start.ts', env);
    await launcher.waitFor('Sign in', 240_000);

    const cli = runEntry('bin/api-key.ts', env, ['--name', 'readme', '--role', 'operator']);
    expect((await cli.exit).code).toBe(0);
    const key = /(sdk_\S+)/.exec(cli.output())?.[1];
    expect(key).toBeTruthy();

    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', readmeExample()], {
      env: cleanEnv({ SUNDIAL_URL: `http://127.0.0.1:${port}`, SUNDIAL_KEY: key! }) as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^import customers {2}next: \d{4}-/m);
    expect(result.stdout).toMatch(/^import orders {2}next: \d{4}-\d\d-\d\dT05:00:00/m);
    expect(result.stdout).toMatch(/^\d+ api (queued|running|succeeded)$/m);
    expect(result.stdout).toMatch(/"finished":(true|false)/);
    expect(result.stdout).toContain('import orders enabled: false');
    const { rows } = await database.pool.query(`select action from audit_log where actor_type = 'api_key' order by id`);
    expect(rows.map((r) => r.action)).toEqual(['task.create', 'task.create', 'task.run', 'task.disable']);
  });
});
