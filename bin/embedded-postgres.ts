import { startEmbeddedPostgres } from '../lib/launcher/embedded-postgres';
import { StartupError } from '../lib/errors';

// Hosts the embedded Postgres for the launcher. It runs in its own process group, so a
// Ctrl-C in the terminal reaches the launcher (which stops web and worker first) and not
// Postgres; the launcher stops this process last. If the launcher dies, even by kill -9,
// the IPC channel closes and this process stops Postgres cleanly.

type Message = { type: 'ready'; url: string; port: number; pgdata: string } | { type: 'log' | 'error'; message: string };
const ORPHAN_GRACE_MS = 3000;
const send = (m: Message) => process.send?.(m);

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new StartupError('usage: embedded-postgres <data dir>');
  const server = await startEmbeddedPostgres(dataDir, (message) => send({ type: 'log', message }));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= server.stop().finally(() => process.exit(0));
  };
  process.on('message', (m) => m === 'stop' && stop());
  // The launcher vanished (kill -9): web and worker notice at the same moment and need the
  // database for a few seconds more to mark themselves stopped.
  process.on('disconnect', () => setTimeout(stop, ORPHAN_GRACE_MS));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  send({ type: 'ready', url: server.url, port: server.port, pgdata: server.pgdata });
}

main().catch((err: unknown) => {
  const message = err instanceof StartupError ? err.message : `the embedded Postgres did not start: ${String(err instanceof Error ? err.stack : err)}`;
  send({ type: 'error', message });
  process.exit(1);
});
