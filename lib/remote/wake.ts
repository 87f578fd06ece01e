import { EventEmitter } from 'node:events';
import { RUNS_CHANNEL } from '../../db/queries/engine/channels';
import { Listener } from '../listener';
import { requireDatabaseUrl } from '../env';
import { webLog } from '../log';

// One LISTEN connection per web process, shared by every waiting long poll, opened by the first.
const key = Symbol.for('sundial.remote.wake');
const holder = globalThis as unknown as { [key]?: { emitter: EventEmitter; listener: Listener } };

function runsQueued(): EventEmitter {
  if (!holder[key]) {
    const emitter = new EventEmitter().setMaxListeners(0);
    const listener = new Listener(requireDatabaseUrl(), [RUNS_CHANNEL], () => emitter.emit('runs'), webLog());
    holder[key] = { emitter, listener };
    void listener.start();
  }
  return holder[key].emitter;
}

/** For tests that drop their database: a web process keeps its LISTEN connection for life. */
export async function closeRunsWake(): Promise<void> {
  await holder[key]?.listener.close();
  delete holder[key];
}

/** Resolves on a NOTIFY that runs were queued, after `ms`, or when `signal` aborts, whichever is first. */
export function waitForRuns(ms: number, signal: AbortSignal): Promise<void> {
  const emitter = runsQueued();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off('runs', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    emitter.on('runs', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
