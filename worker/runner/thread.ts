import { spawn, type ChildProcess } from 'node:child_process';
import { parentPort, workerData } from 'node:worker_threads';
import type pg from 'pg';
import { openPool } from '../../lib/pool';
import { MovedToQueueError, NonRetryableError, RateLimitedError, RunAbortedError } from '../../lib/engine/errors';
import { coerceError } from '../../lib/errors';
import type { TaskContext, TaskDefinition } from '../define';
import { runToken } from '../../lib/engine/run-token';
import { loadHandlers } from '../handlers';
import { runBatch } from './batch';
import { StepRecorder } from './step-recorder';
import { monotonicMs, type FromThread, type ThreadError, type ThreadRun, type ToThread } from './messages';

// A handler thread: runs handlers for the runner in the main thread, so a handler that
// blocks its thread (a busy loop, a sync call) cannot delay the heartbeat, lease renewal or
// the scheduler tick, and a timeout can end it by terminating the thread.

type Data = { modules: string[]; databaseUrl: string; shared: SharedArrayBuffer };
const data = workerData as Data;
const port = parentPort!;
const send = (m: FromThread) => port.postMessage(m);
// [0]: written here, this thread's last sign of life; [1 + cell]: written by the runner, the
// monotonic instant until which the lease of the run in that cell is surely held. Shared
// memory, so neither side waits for the other's event loop.
const shared = new Float64Array(data.shared);
const beat = () => (shared[0] = monotonicMs());
beat();
setInterval(beat, 200).unref();
const handlers = await loadHandlers(data.modules);
let pool: pg.Pool | undefined;
const current = new Map<number, AbortController>();

port.on('message', (m: ToThread) => {
  if (m.type === 'run') void execute(m.run, m.cell);
  else current.get(m.runId)?.abort(new RunAbortedError(m.reason));
});
send({ type: 'ready' });

async function execute(run: ThreadRun, cell: number): Promise<void> {
  const controller = new AbortController();
  current.set(run.id, controller);
  const children = new Set<ChildProcess>();
  const killChildren = () => {
    for (const child of children) killGroup(child);
  };
  controller.signal.addEventListener('abort', killChildren);
  try {
    const result = await callHandler(run, cell, controller, children);
    send({ type: 'done', runId: run.id, ok: true, result });
  } catch (err) {
    send({ type: 'done', runId: run.id, ok: false, error: serialize(err) });
  } finally {
    killChildren();
    current.delete(run.id);
  }
}

async function callHandler(run: ThreadRun, cell: number, controller: AbortController, children: Set<ChildProcess>): Promise<unknown> {
  const handler = handlerFor(run.handler);
  const config = parseConfig(handler, run.config);
  const signal = controller.signal;
  const steps = new StepRecorder(run.id, run.kept, (step) => send({ type: 'step', runId: run.id, step }));
  const ctx: TaskContext<unknown> = {
    runId: run.id,
    taskId: run.taskId,
    taskName: run.taskName,
    config,
    params: run.params,
    signal,
    log: (message, level = 'info') => send({ type: 'log', runId: run.id, message: String(message), level, step: steps.current }),
    progress: (progress) => send({ type: 'progress', runId: run.id, progress }),
    testMode: run.testMode,
    attempt: run.attempt,
    scheduledFor: new Date(run.scheduledFor),
    trigger: run.trigger,
    step: ((name: string, fn: () => unknown, options?: { skip?: string }) => steps.step(name, fn, options)) as TaskContext<unknown>['step'],
    steps: steps.results,
    call: async (key, stepConfig) => {
      const other = handlerFor(key);
      // Copied by descriptor: a spread would read the lazy getters (db opens a pool).
      const inner = Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(ctx), config: { value: parseConfig(other, stepConfig), enumerable: true } }) as TaskContext<unknown>;
      return other.run(inner);
    },
    spawn: (command, args = [], options = {}) => {
      signal.throwIfAborted();
      // Its own process group, so a kill reaches its children too.
      const child = spawn(command, args, { stdio: 'pipe', ...options, detached: true });
      children.add(child);
      if (child.pid) send({ type: 'child', runId: run.id, pid: child.pid, exited: false });
      child.once('exit', () => {
        children.delete(child);
        if (child.pid) send({ type: 'child', runId: run.id, pid: child.pid, exited: true });
      });
      return child;
    },
    checkpoint: () => {
      signal.throwIfAborted();
      if (monotonicMs() > shared[1 + cell]!) {
        controller.abort(new RunAbortedError('lost'));
        signal.throwIfAborted();
      }
    },
    get runToken() {
      return runToken({ runId: run.id, epoch: run.epoch });
    },
    get db() {
      pool ??= openPool(data.databaseUrl, { max: 2 });
      return pool;
    },
    batch: (items, fn, options) => runBatch(ctx, items, fn, options),
  };
  ctx.checkpoint();
  // The abort wins the race: a handler that ignores its signal still ends the run on time.
  return Promise.race([
    handler.run(ctx),
    new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })),
  ]);
}

function handlerFor(key: string): TaskDefinition {
  const handler = handlers.get(key);
  if (!handler) throw new NonRetryableError(`no handler "${key}" on this worker`);
  return handler;
}

function parseConfig(handler: TaskDefinition, raw: unknown): unknown {
  const config = handler.configSchema.safeParse(raw ?? {});
  if (config.success) return config.data;
  throw new NonRetryableError(`invalid config: ${config.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function serialize(err: unknown): ThreadError {
  const e = coerceError(err);
  return { name: e.name, message: e.message, stack: e.stack, retryAfterMs: e instanceof RateLimitedError ? e.retryAfterMs : undefined, queue: e instanceof MovedToQueueError ? e.queue : undefined };
}
