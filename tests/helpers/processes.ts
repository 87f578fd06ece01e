import { afterEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export { isAlive, processCommand } from '../../lib/launcher/processes';

export const root = path.resolve(import.meta.dirname, '..', '..');

export type Proc = {
  child: ChildProcess;
  pid: number;
  output: () => string;
  waitFor: (pattern: RegExp | string, timeoutMs?: number) => Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** The environment of a fresh shell: none of the variables Sundial reads, plus `extra`. */
export type Env = Record<string, string | undefined>;

export function cleanEnv(extra: Record<string, string> = {}): Env {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|TEST_DATABASE_URL|PORT|HOST|AUTH_SECRET|ADMIN_|SMTP_|SUNDIAL_|SCHEDULER_|NODE_ENV|VITEST)/.test(k)) env[k] = v;
  }
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

/** Run a TypeScript entry point the way npm scripts do, in its own process group. */
export function runEntry(entry: string, env: Env, args: string[] = []): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry), ...args], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = async (pattern: RegExp | string, timeoutMs = 180_000) => {
    const deadline = Date.now() + timeoutMs;
    const matches = () => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
    while (!matches()) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`did not see ${String(pattern)} (exit ${child.exitCode}); output:\n${text}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, pid: child.pid ?? 0, output: () => text, waitFor, exit };
}

/** Pids of live processes whose command line contains `marker` (Linux /proc). */
export function processesMatching(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      const state = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmd.includes(marker) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** State letter and process group of a live process, or undefined when it is gone (Linux /proc). */
function stat(pid: number): { state: string; pgid: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', , pgid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, pgid: Number(pgid) };
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie waiting for its parent (or init) to reap it. */
export function isRunning(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z';
}

/** Running members of a process group (Linux /proc). */
export function groupMembers(pgid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const s = stat(pid);
      return s !== undefined && s.state !== 'Z' && s.pgid === pgid;
    });
}

/** Processes a test started, killed (SIGKILL) after each test unless they already exited. */
export function killedAfterEach(): Proc[] {
  const procs: Proc[] = [];
  afterEach(async () => {
    for (const p of procs.splice(0)) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await p.exit;
    }
  });
  return procs;
}
