import { createHash } from 'node:crypto';
import os from 'node:os';

export { LIVE_WINDOW_SECONDS } from '../db/queries/workers';

export function workerIdFor(hostname: string, pid: number, configured?: string): string {
  return configured ?? `${hostname}-${pid}`;
}

/** The worker id the launcher gives its worker: the host plus a short hash of the data dir. */
export function launcherWorkerId(dataDir: string): string {
  return `${os.hostname()}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 6)}`;
}
