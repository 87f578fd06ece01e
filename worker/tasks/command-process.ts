import { once } from 'node:events';
import type { TaskContext } from '../define';
import { CommandOutput, LineSplitter } from './command-output';
import type { Prepared } from './command-prepare';

// After the command exits, how long its output pipes may take to drain. Longer only when a
// process that left the group (setsid) still holds them; it is not waited for.
const DRAIN_MS = 2000;

export type Exit = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string[];
};

/**
 * Runs the command through ctx.spawn (its own process group, killed with the run and with the
 * worker) and streams its output into the run as it is written.
 */
export async function runProcess(ctx: Pick<TaskContext<unknown>, 'spawn' | 'log' | 'progress'>, command: Prepared, sensitive: string[]): Promise<Exit> {
  const output = new CommandOutput(ctx.log, ctx.progress, sensitive);
  const stdout = new LineSplitter((line) => output.stdout(line));
  const stderr = new LineSplitter((line) => output.stderr(line));
  const child = ctx.spawn(command.file, command.args, {
    cwd: command.cwd,
    env: command.env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => stdout.write(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.write(chunk));
  const closed = once(child, 'close').catch(() => {});
  // Rejects with the spawn error (EACCES on the cwd, say) when the process never started.
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  // Children of a run die with it (invariant 11): what it left running in its group goes too.
  killGroup(child.pid);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
  clearTimeout(timer);
  child.stdout!.destroy();
  child.stderr!.destroy();
  stdout.end();
  stderr.end();
  return { code, signal, stderrTail: output.stderrTail() };
}

function killGroup(pid: number | undefined): void {
  try {
    // The group keeps the pid taken while it has members, so this cannot hit a stranger.
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}
