import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { NonRetryableError } from '../../lib/engine/errors';
import { env } from '../../lib/env';

export const SHELL = '/bin/sh';
// What a child inherits from the worker: enough to find programs and speak the locale.
// Nothing else, so the worker's own secrets (DATABASE_URL, SUNDIAL_SECRET_KEY, AUTH_SECRET)
// never reach it.
const INHERITED = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR'];
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

export type CommandConfig = { command: string; args: string[]; shell: boolean; cwd?: string; env: Record<string, string> };
/** The operator's settings: SUNDIAL_COMMAND_ENABLED and SUNDIAL_COMMAND_ALLOW. */
export type CommandSettings = { enabled: boolean; allow: string[] };
export type Prepared = { file: string; args: string[]; cwd?: string; env: Record<string, string> };

/**
 * Checks that this worker may run the configured command, and turns it into what is spawned:
 * the absolute path found on the child's PATH (the path that was checked is the one that
 * runs), its arguments, its directory and its environment (without the run context).
 */
export async function prepareCommand(config: CommandConfig, { enabled, allow }: CommandSettings = fromEnv()): Promise<Prepared> {
  if (!enabled) throw new NonRetryableError('the command handler is off on this worker: its operator enables it with SUNDIAL_COMMAND_ENABLED=true');
  const childEnv = baseEnv(config.env);
  if (config.cwd) await checkDirectory(config.cwd);
  if (config.shell) {
    // A shell runs whatever its script says: allowing it means allowing everything.
    if (allow.length > 0 && !allow.includes(SHELL) && !allow.includes('sh')) throw refused('shell: true runs /bin/sh', allow);
    return {
      file: SHELL,
      args: ['-c', config.command, 'sh', ...config.args],
      cwd: config.cwd,
      env: childEnv,
    };
  }
  const file = await findExecutable(config.command, childEnv.PATH!);
  if (!file) throw new NonRetryableError(`${config.command}: no such executable${config.command.includes('/') ? '' : ' on PATH'} on this worker`);
  if (allow.length > 0 && !(await isAllowed(allow, file))) throw refused(`${config.command} (${file})`, allow);
  return { file, args: config.args, cwd: config.cwd, env: childEnv };
}

function baseEnv(extra: Record<string, string>): Record<string, string> {
  const inherited = Object.fromEntries(INHERITED.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  return { PATH: DEFAULT_PATH, ...inherited, ...extra };
}

const refused = (what: string, allow: string[]) => new NonRetryableError(`${what} is not allowed on this worker: SUNDIAL_COMMAND_ALLOW lists ${allow.join(', ')}`);

const fromEnv = (): CommandSettings => ({ enabled: env().SUNDIAL_COMMAND_ENABLED, allow: env().SUNDIAL_COMMAND_ALLOW });

/**
 * Whether an entry stands for this file: an absolute path, or a name where the worker's own
 * PATH finds it; not the child's PATH, which a task's config may point anywhere.
 */
async function isAllowed(allow: string[], file: string): Promise<boolean> {
  const workerPath = process.env.PATH || DEFAULT_PATH;
  for (const entry of allow) {
    if (entry === file || (!entry.includes('/') && (await findExecutable(entry, workerPath)) === file)) return true;
  }
  return false;
}

/**
 * An absolute path, or the first executable file of that name on `searchPath`, as execvp
 * would find it. Hand-written rather than the `which` package: ten lines, and a lookup on a
 * PATH of our choosing (the child's, or the worker's) without a new dependency.
 */
async function findExecutable(command: string, searchPath: string): Promise<string | undefined> {
  const candidates = command.includes('/')
    ? [command]
    : searchPath
        .split(':')
        .filter((dir) => path.isAbsolute(dir))
        .map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function checkDirectory(dir: string): Promise<void> {
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory()) throw new NonRetryableError(`cwd ${dir} is not a directory on this worker`);
}
