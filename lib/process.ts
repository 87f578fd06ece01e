/**
 * Graceful stop for a long-running process. The first SIGINT/SIGTERM (or, for a child of
 * the launcher, the launcher going away) runs `stop` once and exits 0. A second signal runs
 * `force` and exits at once. Returns the trigger, for callers with other reasons to stop.
 */
export function onShutdown(
  stop: (reason: string) => Promise<void>,
  options: { force?: () => void; exitCode?: () => number } = {},
): (reason: string) => void {
  const write = (m: string) => process.stderr.write(m);
  let first = 0;
  const begin = (reason: string) => {
    if (first) {
      // npm forwards the terminal's Ctrl-C as well, so one keypress can arrive twice.
      if (Date.now() - first < 1000) return;
      write(`${reason} again: exiting now\n`);
      options.force?.();
      process.exit(130);
    }
    first = Date.now();
    stop(reason).then(
      () => process.exit(options.exitCode?.() ?? 0),
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
  return begin;
}
