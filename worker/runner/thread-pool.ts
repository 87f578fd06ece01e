import os from 'node:os';
import { Worker as Thread } from 'node:worker_threads';
import { monotonicMs, type FromThread, type ThreadRun, type ToThread } from './messages';

export type RunEvents = { onMessage: (m: Exclude<FromThread, { type: 'ready' | 'done' }>) => void };
export type ThreadResult = Extract<FromThread, { type: 'done' }>;

type Pending = { finish: (r: ThreadResult) => void; fail: (err: Error) => void; events: RunEvents; cell: number };
type Slot = {
  thread: Thread;
  ready: Promise<void>;
  /** [0]: the thread's last sign of life (monotonic ms); [1 + cell]: the lease deadline of the run in that cell. */
  shared: Float64Array;
  runs: Map<number, Pending>;
  idle: NodeJS.Timeout | undefined;
};

const ENTRY = new URL('./thread-entry.mjs', import.meta.url);
// A thread that has not shown a sign of life for this long is blocked by a handler: no new
// runs go to it (its own runs wait; the engine on the main thread does not).
const BLOCKED_MS = 1000;

/**
 * Handler threads. Starting one costs about 0.4 s of CPU (TypeScript and the handler
 * modules load again in each), so runs share a few threads, as many as the machine has
 * cores by default: an async handler yields its thread to the others. A handler that blocks
 * delays only the runs on its own thread; the next runs go to another thread, started if
 * need be. A thread idle for `idleMs` ends, so an idle worker stays small.
 */
export class ThreadPool {
  private readonly slots = new Set<Slot>();
  private readonly cells: number;
  private stopped = false;

  constructor(private readonly o: { modules: string[]; databaseUrl: string; concurrency: number; threads?: number; idleMs?: number }) {
    this.cells = o.concurrency;
  }

  private get target(): number {
    return Math.min(this.o.concurrency, this.o.threads ?? Math.max(2, os.availableParallelism()));
  }

  /** Start the threads ahead of work that is expected, so the first runs do not wait for them to load. */
  async warm(): Promise<void> {
    if (this.stopped) return;
    while (this.slots.size < this.target) this.park(this.spawn());
    await Promise.all([...this.slots].map((s) => s.ready));
  }

  run(run: ThreadRun, leaseUntil: number, events: RunEvents): Promise<ThreadResult> {
    const slot = this.pick();
    clearTimeout(slot.idle);
    const used = new Set([...slot.runs.values()].map((p) => p.cell));
    let cell = 0;
    while (used.has(cell)) cell++;
    slot.shared[1 + cell] = leaseUntil;
    const result = new Promise<ThreadResult>((finish, fail) => slot.runs.set(run.id, { finish, fail, events, cell }));
    // Posted at once, even to a thread still loading (its port queues messages), so an abort
    // that follows can never reach the thread before the run it is about.
    this.post(slot, { type: 'run', run, cell });
    return result;
  }

  /** The least busy thread that is alive and not blocked; a new one while under the target, or when all are blocked. */
  private pick(): Slot {
    const now = monotonicMs();
    const live = [...this.slots].filter((s) => s.shared[0] === 0 || now - s.shared[0]! < BLOCKED_MS);
    const least = live.sort((a, b) => a.runs.size - b.runs.size)[0];
    if (least && (least.runs.size === 0 || live.length >= this.target)) return least;
    return this.spawn();
  }

  setLease(runId: number, leaseUntil: number): void {
    const found = this.find(runId);
    if (found) found.slot.shared[1 + found.pending.cell] = leaseUntil;
  }

  abort(runId: number, reason: Extract<ToThread, { type: 'abort' }>['reason']): void {
    const found = this.find(runId);
    if (found) this.post(found.slot, { type: 'abort', runId, reason });
  }

  /**
   * End the thread running `runId` at once: its handler did not stop when asked (a busy
   * loop). The other runs on that thread end with an error and are retried per policy.
   */
  async terminate(runId: number): Promise<void> {
    const found = this.find(runId);
    if (!found) return;
    this.slots.delete(found.slot);
    this.failAll(found.slot, new Error(`its handler thread was terminated to stop run ${runId}, which did not stop when asked`));
    await found.slot.thread.terminate();
  }

  get size(): number {
    return this.slots.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.slots];
    this.slots.clear();
    for (const s of all) this.failAll(s, new Error('the worker stopped'));
    await Promise.all(all.map((s) => s.thread.terminate()));
  }

  private find(runId: number): { slot: Slot; pending: Pending } | undefined {
    for (const slot of this.slots) {
      const pending = slot.runs.get(runId);
      if (pending) return { slot, pending };
    }
    return undefined;
  }

  private failAll(slot: Slot, err: Error): void {
    const runs = [...slot.runs.values()];
    slot.runs.clear();
    for (const p of runs) p.fail(err);
  }

  private post(slot: Slot, m: ToThread): void {
    slot.thread.postMessage(m);
  }

  private spawn(): Slot {
    const shared = new SharedArrayBuffer(8 * (1 + this.cells));
    const thread = new Thread(ENTRY, { workerData: { modules: this.o.modules, databaseUrl: this.o.databaseUrl, shared } });
    let ready!: () => void;
    const slot: Slot = { thread, ready: new Promise<void>((r) => (ready = r)), shared: new Float64Array(shared), runs: new Map(), idle: undefined };
    thread.on('message', (m: FromThread) => {
      if (m.type === 'ready') return ready();
      const pending = slot.runs.get(m.runId);
      if (!pending) return;
      if (m.type !== 'done') return pending.events.onMessage(m);
      slot.runs.delete(m.runId);
      if (slot.runs.size === 0) this.park(slot);
      pending.finish(m);
    });
    const lost = (err: Error) => {
      ready();
      if (this.slots.delete(slot)) this.failAll(slot, err);
    };
    thread.on('error', (err) => lost(err));
    thread.on('exit', (code) => lost(new Error(`its handler thread exited with code ${code}`)));
    thread.unref();
    this.slots.add(slot);
    return slot;
  }

  private park(slot: Slot): void {
    if (this.stopped) return;
    slot.idle = setTimeout(() => {
      if (slot.runs.size > 0 || !this.slots.delete(slot)) return;
      void slot.thread.terminate();
    }, this.o.idleMs ?? 300_000);
    slot.idle.unref();
  }
}
