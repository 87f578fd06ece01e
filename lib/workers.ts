import { createHash } from 'node:crypto';
import os from 'node:os';

/** Workers write a heartbeat this often (a node-cron expression with seconds). */
export const HEARTBEAT_CRON = '*/5 * * * * *';

/**
 * A worker counts as alive while its last heartbeat is younger than this. Three missed
 * beats plus slack, so one slow tick on a busy event loop does not flap the dashboard.
 */
export const LIVE_WINDOW_SECONDS = 20;

export function workerIdFor(hostname: string, pid: number, configured?: string): string {
  return configured ?? `${hostname}-${pid}`;
}

/** The worker id the launcher gives its worker: the host plus a short hash of the data dir. */
export function launcherWorkerId(dataDir: string): string {
  return `${os.hostname()}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 6)}`;
}
