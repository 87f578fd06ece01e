import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

// Reads "+PGID" and "-PGID" lines. EOF comes when the worker is gone, however it died: the
// kernel closes the worker's end of the pipe. Then it kills every group still registered.
// Never 0 or 1: "kill -KILL -1" would kill every process of the user. POSIX sh, so that
// dash (Debian's /bin/sh) runs it; dash's kill takes no "--".
const SCRIPT = `
trap '' INT TERM HUP
groups=' '
while IFS= read -r line; do
  pgid=\${line#?}
  case $pgid in ''|*[!0-9]*|0*|1) continue ;; esac
  case $line in
    +*) groups="$groups$pgid " ;;
    -*) case $groups in *" $pgid "*) groups="\${groups%% $pgid *} \${groups#* $pgid }" ;; esac ;;
  esac
done
for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
`;

// A guard that dies within this long after starting is restarted by the next watch(), not at once.
const RESTART_AFTER_MS = 1000;

/**
 * Kills the process groups of a worker's children when the worker dies, even by kill -9,
 * which Node cannot otherwise do (no PR_SET_PDEATHSIG). One small sh process per worker,
 * in its own session, listening on a pipe; no process per child.
 */
export class ChildGuard {
  private proc: ChildProcess | undefined;
  private startedAt = 0;
  private stopping: Promise<void> | undefined;
  private readonly groups = new Set<number>();

  /** The guard process, while it runs. */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  start(): void {
    if (this.proc || this.stopping) return;
    this.startedAt = Date.now();
    // Its own session: the terminal's Ctrl-C and signals to the worker's group miss it.
    const proc = spawn('/bin/sh', ['-c', SCRIPT, 'sundial-child-guard'], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    this.proc = proc;
    proc.once('exit', () => this.exited(proc));
    proc.once('error', () => this.exited(proc));
    proc.stdin?.on('error', () => {});
    proc.unref();
    (proc.stdin as Socket | null)?.unref();
    for (const pgid of this.groups) this.send(`+${pgid}`);
  }

  /** Kill this process group if the worker dies; children are spawned detached, so pgid = pid. */
  watch(pid: number): void {
    if (this.stopping || !Number.isInteger(pid) || pid <= 1 || this.groups.has(pid)) return;
    this.groups.add(pid);
    if (this.proc) this.send(`+${pid}`);
    else this.start();
  }

  /** The child exited: forget it, so that a recycled pid is never killed. */
  unwatch(pid: number): void {
    if (this.groups.delete(pid)) this.send(`-${pid}`);
  }

  /** Idempotent. The guard kills the groups still registered (orphans by now), then exits. */
  stop(): Promise<void> {
    this.stopping ??= this.close();
    return this.stopping;
  }

  private async close(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    const gone = new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.once('error', () => resolve());
    });
    // Held until the guard is gone, so that code awaiting stop() still runs.
    proc.ref();
    proc.stdin?.end();
    await gone;
  }

  private exited(proc: ChildProcess): void {
    if (this.proc !== proc) return;
    this.proc = undefined;
    // Killed under us (OOM killer, a stray kill): a new guard takes over the registered groups.
    if (!this.stopping && Date.now() - this.startedAt >= RESTART_AFTER_MS) this.start();
  }

  private send(line: string): void {
    const stdin = this.proc?.stdin;
    if (stdin?.writable) stdin.write(`${line}\n`);
  }
}
