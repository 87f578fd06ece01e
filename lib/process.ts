/**
 * Graceful stop for a long-running process: the first SIGINT/SIGTERM (or the launcher going
 * away) runs `stop` once and exits 0; a second signal exits at once.
 */
export function onShutdown(stop: (reason: string) => Promise<void>, write = (m: string) => process.stderr.write(m)): void {
  let stopping = false;
  const begin = (reason: string) => {
    if (stopping) {
      write(`${reason} again: exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    stop(reason).then(
      () => process.exit(0),
      (err: unknown) => {
        write(`error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => begin('SIGINT'));
  process.on('SIGTERM', () => begin('SIGTERM'));
  // Started by the launcher with an IPC channel: when the launcher dies (even by kill -9)
  // the channel closes, and we stop instead of living on as an orphan.
  if (process.send) process.on('disconnect', () => begin('launcher exited'));
}
