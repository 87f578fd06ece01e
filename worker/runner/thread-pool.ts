import { Worker as Thread } from 'node:worker_threads';
import type { FromThread, ThreadRun, ToThread } from './messages';

export type RunEvents = {
  onMessage: (m: Exclude<FromThread, { type: 'ready' | 'done' }>) => void;
};
export type ThreadResult = Extract<FromThread, { type: 'done' }>;

type Slot = {
  thread: Thread;
  ready: Promise<void>;
  lease: Float64Array;
  runId: number | null;
  idle: NodeJS.Timeout | undefined;
  finish: ((r: ThreadResult) => void) | undefined;
  fail: ((err: Error) => void) | undefined;
  events: RunEvents | undefined;
};

const ENTRY = new URL('./thread-entry.mjs', import.meta.url);

/**
 * Handler threads, one run at a time each, started on demand and kept while busy, so a busy
 * worker pays a thread's start (about half a second) once, not per run. A thread idle for
 * `idleMs` ends, so an idle worker stays small. A thread that does not stop when asked is
 * terminated, which ends even a busy loop.
 */
export class ThreadPool {
  private readonly slots = new Set<Slot>();
  private stopped = false;

  constructor(private readonly o: { modules: string[]; databaseUrl: string; idleMs?: number; keepWarm?: number }) {}

  /** Start `keepWarm` threads now, so the first runs do not wait for a thread to start. */
  async warm(): Promise<void> {
    const n = this.o.keepWarm ?? 1;
    const started = Array.from({ length: Math.max(0, n - this.slots.size) }, () => this.spawn());
    await Promise.all(started.map((s) => s.ready));
  }

  /** Run on a free thread; `lease` is written by the caller (the run's lease deadline). */
  async run(run: ThreadRun, leaseUntil: number, events: RunEvents): Promise<ThreadResult> {
    const slot = [...this.slots].find((s) => s.runId === null) ?? this.spawn();
    clearTimeout(slot.idle);
    slot.runId = run.id;
    slot.events = events;
    slot.lease[0] = leaseUntil;
    await slot.ready;
    return new Promise<ThreadResult>((resolve, reject) => {
      slot.finish = resolve;
      slot.fail = reject;
      this.post(slot, { type: 'run', run });
    });
  }

  setLease(runId: number, leaseUntil: number): void {
    const slot = this.slotOf(runId);
    if (slot) slot.lease[0] = leaseUntil;
  }

  abort(runId: number, reason: Extract<ToThread, { type: 'abort' }>['reason']): void {
    const slot = this.slotOf(runId);
    if (slot) this.post(slot, { type: 'abort', runId, reason });
  }

  /** End the thread running `runId` at once (a handler that did not stop when asked). */
  async terminate(runId: number): Promise<void> {
    const slot = this.slotOf(runId);
    if (!slot) return;
    this.slots.delete(slot);
    slot.fail?.(new Error('its thread was terminated'));
    await slot.thread.terminate();
  }

  get size(): number {
    return this.slots.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.slots];
    this.slots.clear();
    await Promise.all(all.map((s) => s.thread.terminate()));
  }

  private slotOf(runId: number): Slot | undefined {
    return [...this.slots].find((s) => s.runId === runId);
  }

  private post(slot: Slot, m: ToThread): void {
    slot.thread.postMessage(m);
  }

  private spawn(): Slot {
    const lease = new SharedArrayBuffer(8);
    const thread = new Thread(ENTRY, { workerData: { modules: this.o.modules, databaseUrl: this.o.databaseUrl, lease } });
    let ready!: () => void;
    const slot: Slot = {
      thread,
      ready: new Promise<void>((r) => (ready = r)),
      lease: new Float64Array(lease),
      runId: null,
      idle: undefined,
      finish: undefined,
      fail: undefined,
      events: undefined,
    };
    thread.on('message', (m: FromThread) => {
      if (m.type === 'ready') return ready();
      if (m.runId !== slot.runId) return;
      if (m.type !== 'done') return slot.events?.onMessage(m);
      const finish = slot.finish;
      Object.assign(slot, { runId: null, finish: undefined, fail: undefined, events: undefined });
      this.park(slot);
      finish?.(m);
    });
    const lost = (err: Error) => {
      if (!this.slots.delete(slot)) return;
      ready();
      slot.fail?.(err);
    };
    thread.on('error', (err) => lost(err));
    thread.on('exit', (code) => lost(new Error(`handler thread exited with code ${code}`)));
    thread.unref();
    this.slots.add(slot);
    return slot;
  }

  private park(slot: Slot): void {
    if (this.stopped) return;
    const idle = [...this.slots].filter((s) => s.runId === null).length;
    if (idle <= (this.o.keepWarm ?? 1)) return;
    slot.idle = setTimeout(() => {
      if (slot.runId !== null) return;
      this.slots.delete(slot);
      void slot.thread.terminate();
    }, this.o.idleMs ?? 60_000);
    slot.idle.unref();
  }
}
