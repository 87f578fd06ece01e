import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { splitPassword, type PgDump } from './pg-dump';

export type Spawn = (command: string, args?: string[], options?: SpawnOptions) => ChildProcess;

const STDERR_TAIL = 2000;

/** Runs a pg tool (pg_dump, pg_restore) on a database, the password in its environment, never in its arguments. */
export async function runPgTool(spawn: Spawn, file: string, args: string[], databaseUrl: string, signal?: AbortSignal): Promise<void> {
  const { url, password } = splitPassword(databaseUrl);
  const child = spawn(file, [...args, `--dbname=${url}`], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)));
  const [code, killedBy] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  signal?.throwIfAborted();
  if (code !== 0) throw new Error(`${file} ${killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
}

/** pg_dump's custom format: compressed, restored with pg_restore. */
export const dumpWithPgDump = (client: PgDump, url: string, tmp: string, spawn: Spawn, signal?: AbortSignal) =>
  runPgTool(spawn, client.path, ['--format=custom', `--file=${tmp}`], url, signal);
