/** The worker id a remote worker claims under: `remote:<the name it gives>`. */
export const remoteWorkerId = (name: string) => `remote:${name}`;
export const isRemoteWorker = (workerId: string): boolean => workerId.startsWith('remote:');

/** The worker id of runs an app holds after answering 202 to the http handler. */
export const APP_HOLDER = 'app';

/**
 * Holders outside any Sundial worker, reporting with a run token: no executor can abort them,
 * so a cancel or a timeout reaches them only at their next heartbeat.
 */
export const isOutsideHolder = (workerId: string | null): boolean => workerId !== null && (isRemoteWorker(workerId) || workerId === APP_HOLDER);
