import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../errors';
import { isAlive, processCommand, stopProcess } from './processes';

export type LauncherState = { pid: number; startedAt: string; children: Record<string, number>; postgresPort?: number };

const fileOf = (dataDir: string) => path.join(dataDir, 'launcher.json');

/** Each child's entry file, to recognise our own processes before signalling a recorded pid. */
export const entries = { web: 'bin/web.ts', worker: 'worker/index.ts', postgres: 'bin/embedded-postgres.ts' } as const;

export function readState(dataDir: string): LauncherState | undefined {
  try {
    return JSON.parse(fs.readFileSync(fileOf(dataDir), 'utf8')) as LauncherState;
  } catch {
    return undefined;
  }
}

export function writeState(dataDir: string, children: Record<string, number>, postgresPort?: number): void {
  const state: LauncherState = { pid: process.pid, startedAt: new Date().toISOString(), children, postgresPort };
  fs.writeFileSync(fileOf(dataDir), JSON.stringify(state, null, 2));
}

export function clearState(dataDir: string): void {
  const state = readState(dataDir);
  if (state?.pid === process.pid) fs.rmSync(fileOf(dataDir), { force: true });
}

/**
 * Claim a data dir. A live launcher already using it is an error; processes left behind by
 * one that was killed (kill -9) are stopped, so their port and database are free again.
 */
export async function takeOverDataDir(dataDir: string, log: (m: string) => void): Promise<void> {
  const state = readState(dataDir);
  if (!state) return;
  if (state.pid !== process.pid && isAlive(state.pid) && processCommand(state.pid).includes('bin/start.ts')) {
    throw new StartupError(
      `Sundial is already running from ${dataDir} (launcher pid ${state.pid}): stop it first, or set SUNDIAL_DATA_DIR to another folder`,
    );
  }
  for (const [name, pid] of Object.entries(state.children)) {
    const entry = entries[name as keyof typeof entries];
    if (entry && isAlive(pid) && processCommand(pid).includes(entry)) {
      log(`stopping the ${name} process (pid ${pid}) left behind by an earlier start`);
      await stopProcess(pid, 'SIGTERM', 15_000);
    }
  }
  fs.rmSync(fileOf(dataDir), { force: true });
}
