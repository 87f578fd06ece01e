import type { ChildProcess } from 'node:child_process';
import { StartupError } from '../errors';
import { exited, spawnEntry } from './children';

export type PostgresHost = { child: ChildProcess; url: string; port: number; pgdata: string };

type Message = { type: 'ready'; url: string; port: number; pgdata: string } | { type: 'log' | 'error'; message: string };

/** Start bin/embedded-postgres.ts and wait until it reports the server ready (or fails). */
export function startPostgresHost(dataDir: string, log: (m: string) => void): Promise<PostgresHost> {
  const child = spawnEntry('bin/embedded-postgres.ts', [dataDir], process.env);
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    child.on('message', (m: Message) => {
      if (m.type === 'ready') resolve({ child, url: m.url, port: m.port, pgdata: m.pgdata });
      else if (m.type === 'error') failure = m.message;
      else if (!m.message.includes('[STDERR]') && /creating|stopping/.test(m.message)) log(m.message.trim());
    });
    void exited(child).then((code) =>
      reject(new StartupError(failure ?? `the embedded Postgres exited early (${code})`)),
    );
  });
}

/** Stop Postgres last: ask the host, which runs a fast shutdown and exits. */
export async function stopPostgresHost(host: PostgresHost): Promise<void> {
  if (host.child.exitCode !== null || host.child.signalCode !== null) return;
  const done = exited(host.child);
  if (host.child.connected) host.child.send('stop');
  else host.child.kill('SIGTERM');
  const timer = setTimeout(() => host.child.kill('SIGKILL'), 60_000);
  await done;
  clearTimeout(timer);
}
