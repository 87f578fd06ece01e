import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureBuild } from '../lib/launcher/build';
import { assertChromium } from './e2e/chromium';

// `npm test`: type check, unit and integration tests (vitest), then the browser tests
// (Playwright) against a production build. Stops at the first failing stage.

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function stage(title: string, command: string, args: string[]): void {
  process.stdout.write(`\n== ${title}\n`);
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (status !== 0) {
    process.stdout.write(`\n== ${title} failed\n`);
    process.exit(status ?? 1);
  }
}

assertChromium();
stage('typecheck', bin('tsc'), ['--noEmit']);
process.stdout.write('\n== build\n');
await ensureBuild((m) => process.stdout.write(`${m}\n`));
stage('unit and integration tests', bin('vitest'), ['run', '--project', 'unit', '--project', 'integration']);
stage('fault tests (issue 9: load, kill -9, SIGSTOP, SIGTERM, database restart and outage)', bin('vitest'), ['run', '--project', 'faults']);
stage('browser tests', bin('playwright'), ['test']);
process.stdout.write('\n== all tests passed\n');
