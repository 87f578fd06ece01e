import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export type BackupKind = 'pg_dump' | 'logical';

const EXTENSION: Record<BackupKind, string> = { pg_dump: '.dump', logical: '.sundial.gz' };
// Only finished backups match: a temporary file starts with a dot and never counts.
const FINISHED = /^sundial-\d{8}T\d{9}Z\.(dump|sundial\.gz)$/;

/** sundial-20261128T184000123Z.dump: names sort in time order. */
export function backupName(kind: BackupKind, at: Date): string {
  return `sundial-${at.toISOString().replace(/[-:.]/g, '')}${EXTENSION[kind]}`;
}

/**
 * Writes through a temporary name in the same directory and renames at the end, so a backup
 * cut short (a crash, a timeout, a full disk) never looks like a finished one.
 */
export async function writeAtomically(dir: string, name: string, write: (tmp: string) => Promise<void>): Promise<{ file: string; bytes: number }> {
  const tmp = path.join(dir, `.${name}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await write(tmp);
    const { size } = await stat(tmp);
    const file = path.join(dir, name);
    await rename(tmp, file);
    return { file, bytes: size };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Deletes the finished backups beyond the newest `keep`; returns their names. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const finished = (await readdir(dir)).filter((f) => FINISHED.test(f)).sort().reverse();
  const old = finished.slice(keep);
  for (const f of old) await rm(path.join(dir, f), { force: true });
  return old;
}
