import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type PgDump = { path: string; major: number };

/** The major version a `pg_dump --version` (or pg_restore) prints: "pg_dump (PostgreSQL) 15.20 (Debian ...)" → 15. */
export function clientMajor(versionOutput: string): number | null {
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput);
  return m ? Number(m[1]) : null;
}

async function probe(file: string): Promise<PgDump | null> {
  try {
    const { stdout } = await run(file, ['--version'], { timeout: 10_000 });
    const major = clientMajor(stdout);
    return major === null ? null : { path: file, major };
  } catch {
    return null;
  }
}

/** Debian and Ubuntu install each client version beside the others. */
function versionedClients(tool: string): string[] {
  try {
    return readdirSync('/usr/lib/postgresql').map((v) => path.join('/usr/lib/postgresql', v, 'bin', tool));
  } catch {
    return [];
  }
}

async function embeddedClient(tool: string): Promise<string[]> {
  try {
    const { postgresBinaryDir } = await import('../launcher/embedded-postgres');
    return [path.join(postgresBinaryDir(), tool)];
  } catch {
    return [];
  }
}

/**
 * The newest pg_dump (or pg_restore) found: the one `configured` names (SUNDIAL_PG_DUMP) alone when
 * set, else the embedded package's, the one on PATH and Debian's versioned ones. Null when none runs.
 */
export async function findClient(tool: 'pg_dump' | 'pg_restore', configured?: string): Promise<PgDump | null> {
  const candidates = configured ? [configured] : [...(await embeddedClient(tool)), tool, ...versionedClients(tool)];
  const found = (await Promise.all(candidates.map(probe))).filter((c): c is PgDump => c !== null);
  return found.sort((a, b) => b.major - a.major)[0] ?? null;
}

/** A client can dump a server of its own major version or older, never a newer one. */
export const compatible = (client: PgDump, serverMajor: number) => client.major >= serverMajor;

export type Choice = { kind: 'pg_dump'; client: PgDump } | { kind: 'logical'; why?: string };

/**
 * pg_dump when one at least as new as the server was found; otherwise Sundial's own format,
 * unless pg_dump was asked for, by the task (method "pg_dump") or the operator (SUNDIAL_PG_DUMP).
 */
export function decideMethod(method: 'auto' | 'pg_dump', serverMajor: number, client: PgDump | null, configured?: string): Choice | { kind: 'refused'; why: string } {
  if (client && compatible(client, serverMajor)) return { kind: 'pg_dump', client };
  const found = client ? `the newest found, ${client.path}, is version ${client.major}` : configured ? `SUNDIAL_PG_DUMP (${configured}) does not run` : 'none was found';
  const why = `no pg_dump of version ${serverMajor} or newer for this PostgreSQL ${serverMajor} server: ${found}`;
  if (method === 'pg_dump' || configured) {
    return { kind: 'refused', why: `${why}. Install PostgreSQL ${serverMajor}'s client tools and set SUNDIAL_PG_DUMP to its pg_dump, or choose method "logical"` };
  }
  return { kind: 'logical', why: `${why}; writing Sundial's own backup format instead (restore it with npm run restore)` };
}

/** The URL without its password, and the password apart: an argument would show in `ps`. */
export function splitPassword(url: string): { url: string; password?: string } {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = '';
  return { url: parsed.toString(), password };
}
