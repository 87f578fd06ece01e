import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../errors';
import { rootDir } from './children';

// Everything that goes into the Next build. A change to any of it (a git pull, an edit)
// makes the next start rebuild instead of serving a stale dashboard.
const inputs = ['app', 'components', 'lib', 'db', 'public', 'proxy.ts', 'instrumentation-client.ts', 'next.config.mjs', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const stampFile = () => path.join(rootDir, '.next', 'sundial-source-hash');

function walk(target: string, hash: ReturnType<typeof createHash>): void {
  if (!fs.existsSync(target)) return;
  const stat = fs.statSync(target);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(target).sort()) walk(path.join(target, name), hash);
    return;
  }
  hash.update(path.relative(rootDir, target));
  hash.update(fs.readFileSync(target));
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const input of inputs) walk(path.join(rootDir, input), hash);
  return hash.digest('hex');
}

export function buildIsCurrent(): boolean {
  const stamp = stampFile();
  return (
    hasBuild() &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8').trim() === sourceHash()
  );
}

export function hasBuild(): boolean {
  return fs.existsSync(path.join(rootDir, '.next', 'BUILD_ID'));
}

/** Build the dashboard when there is no build or the sources changed since the last one. */
export async function ensureBuild(log: (m: string) => void): Promise<void> {
  if (buildIsCurrent()) return;
  log('building the dashboard (first start or changed sources; about a minute or two)...');
  await buildDashboard();
}

/** `next build`, then record which sources it was built from. */
export async function buildDashboard(): Promise<void> {
  const hash = sourceHash();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [path.join(rootDir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
      cwd: rootDir,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', resolve);
  });
  if (code !== 0) throw new StartupError(`the dashboard build failed (next build exited with ${code}); see the output above`);
  fs.writeFileSync(stampFile(), `${hash}\n`);
}
