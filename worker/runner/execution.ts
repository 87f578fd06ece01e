import type pg from 'pg';
import type pino from 'pino';
import type { ClaimedRun } from '../../db/queries/engine/claim';
import { storableJson } from '../../db/queries/engine/end-runs';
import { deferRun, handOverRun, moveRun } from '../../db/queries/engine/leases';
import { backoffMs } from '../../lib/engine/backoff';
import { HandedOverError, MovedToQueueError, NonRetryableError, RateLimitedError, RunAbortedError, type AbortReason } from '../../lib/engine/errors';
import { coerceError } from '../../lib/errors';
import { noMask, type Masker } from '../../lib/secrets/mask';
import { readPolicy, type Policy } from '../../lib/tasks/policy';
import { classify, type Outcome } from '../outcome';
import { RunLogger } from '../run-logger';
import type { ChildGuard } from './child-guard';
import type { Completer } from './completer';
import { durably } from './durable';
import { resolveSecrets } from '../../lib/secrets/resolve';
import type { KeptStep, StepReport, ThreadError } from './messages';
import { StepWriter } from './step-writer';
import { keptSteps } from '../../db/queries/engine/steps';
import { capResult } from '../../lib/engine/result';
import type { ThreadPool, ThreadResult } from './thread-pool';

// After an abort, a handler gets this long to return before its thread is terminated.
const GRACE_MS = 2000;
// Progress reaches the database at most this often; the last report is always written.
const PROGRESS_MS = 500;

export type ExecutionDeps = {
  pool: pg.Pool;
  log: pino.Logger;
  workerId: string;
  threads: ThreadPool;
  completer: Completer;
  guard: ChildGuard | undefined;
  keepTrying: () => boolean;
};

/** One run on this worker, seen from the main thread: its thread, timeout, abort, children, log, and its end. */
export class Execution {
  private readonly controller = new AbortController();
  private readonly children = new Set<number>();
  private progress: { value: Record<string, unknown>; written: number; timer?: NodeJS.Timeout } = { value: {}, written: 0 };
  readonly policy: Policy;
  /** The end is recorded (or handed over to the drain): the run is no longer this worker's. */
  readonly done: Promise<void>;
  /** The handler returned (or was given up on): its thread capacity is free, its end may still be being written. */
  handlerDone = false;
  private onHandlerDone: () => void = () => {};
  /** Monotonic ms until which the lease is surely ours; the thread's checkpoint reads it. */
  leaseUntil: number;
  /** Hides the run's resolved secret values in its log, progress, result and error. */
  private mask: Masker = noMask;
  private readonly steps: StepWriter;

  constructor(
    readonly run: ClaimedRun,
    leaseUntil: number,
    private readonly deps: ExecutionDeps,
  ) {
    this.policy = readPolicy(run.policy);
    this.leaseUntil = leaseUntil;
    this.steps = new StepWriter({ pool: deps.pool, log: deps.log, keepTrying: deps.keepTrying }, { id: run.id, epoch: run.epoch });
    this.controller.signal.addEventListener('abort', () => this.killChildren());
    this.done = this.execute();
  }

  /** Called once, when the handler is done with its thread. */
  whenHandlerDone(fn: () => void): void {
    this.onHandlerDone = fn;
  }

  get id(): number {
    return this.run.id;
  }

  get abortReason(): AbortReason | undefined {
    const r: unknown = this.controller.signal.reason;
    return r instanceof RunAbortedError ? r.reason : undefined;
  }

  abort(reason: AbortReason): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort(new RunAbortedError(reason));
    this.deps.threads.abort(this.id, reason);
  }

  renewed(leaseUntil: number): void {
    this.leaseUntil = leaseUntil;
    this.deps.threads.setLease(this.id, leaseUntil);
  }

  private async execute(): Promise<void> {
    const { pool, log } = this.deps;
    const logger = new RunLogger(pool, this.id, (err) => log.warn({ err: coerceError(err), runId: this.id }, 'could not write run log'));
    const timer = setTimeout(() => this.abort('timeout'), this.policy.timeoutSeconds * 1000);
    let value: { ok: true; result: unknown } | { ok: false; error: unknown };
    try {
      const resolved = await resolveSecrets(pool, this.run.handler, this.run.config);
      this.mask = resolved.mask;
      // Only a retried, deferred or handed-back attempt can have steps done before it.
      const kept = this.run.attempt > 1 || this.run.epoch > 1 ? await keptSteps(pool, this.id) : [];
      value = this.masked(await this.callThread(logger, resolved.config, kept));
    } catch (err) {
      value = this.masked({ ok: false, error: err });
    } finally {
      clearTimeout(timer);
      this.killChildren();
      this.handlerDone = true;
      this.onHandlerDone();
    }
    const outcome = classify(value, this.controller.signal);
    if (outcome.kind === 'failed') logger.log(`failed: ${outcome.error.message}`, 'error');
    if (outcome.kind === 'handed_over' || outcome.kind === 'moved') logger.log(outcome.message);
    await logger.close();
    await this.writeProgress();
    await this.steps.close(unfinishedStep(outcome));
    try {
      await this.persist(outcome);
    } catch (err) {
      log.error({ err: coerceError(err), runId: this.id }, 'could not record the end of a run');
    }
  }

  private async callThread(logger: RunLogger, config: unknown, kept: KeptStep[]): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }> {
    const r = this.run;
    const thread = this.deps.threads.run(
      { id: r.id, taskId: r.taskId, taskName: r.taskName, handler: r.handler, config, params: r.params ?? {}, testMode: r.testMode, attempt: r.attempt, scheduledFor: r.scheduledFor.toISOString(), trigger: r.trigger, epoch: r.epoch, kept },
      this.leaseUntil,
      {
        onMessage: (m) => {
          if (m.type === 'log') logger.log(this.mask.text(m.message), m.level, m.step);
          else if (m.type === 'step') this.steps.write(this.maskedStep(m.step));
          else if (m.type === 'progress') this.reportProgress(this.mask.deep(m.progress) as Record<string, unknown>);
          else if (m.exited) this.forgetChild(m.pid);
          else this.watchChild(m.pid);
        },
      },
    );
    const aborted = new Promise<null>((resolve) => this.controller.signal.addEventListener('abort', () => resolve(null), { once: true }));
    const first = await Promise.race([thread, aborted]);
    if (first) return this.fromThread(first);
    // Aborted: the handler had its signal; past the grace its thread is terminated, busy or not.
    const settled = await Promise.race([thread.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), GRACE_MS))]);
    if (!settled) await this.deps.threads.terminate(this.id);
    return { ok: false, error: this.controller.signal.reason };
  }

  /** Before the result is capped or the error logged: a cut must not leave half a secret. */
  private masked(value: { ok: true; result: unknown } | { ok: false; error: unknown }): typeof value {
    if (this.mask.empty) return value;
    if (value.ok) return { ok: true, result: this.mask.deep(value.result) };
    const error = value.error;
    if (error instanceof Error) {
      error.message = this.mask.text(error.message);
      if (error.stack) error.stack = this.mask.text(error.stack);
      return value;
    }
    return { ok: false, error: this.mask.deep(error) };
  }

  private maskedStep(step: StepReport): StepReport {
    const result = step.result === undefined ? undefined : capResult(this.mask.deep(step.result));
    return { ...step, result, error: step.error === undefined ? undefined : this.mask.text(step.error) };
  }

  private fromThread(r: ThreadResult): { ok: true; result: unknown } | { ok: false; error: unknown } {
    if (r.ok) return { ok: true, result: r.result };
    // The thread aborts on its own only when its checkpoint found the lease no longer sure.
    if (r.error.name === 'RunAbortedError' && !this.controller.signal.aborted) this.abort('lost');
    return { ok: false, error: rebuild(r.error) };
  }

  private reportProgress(value: Record<string, unknown>): void {
    this.progress.value = value;
    if (this.progress.timer) return;
    const wait = Math.max(0, this.progress.written + PROGRESS_MS - Date.now());
    this.progress.timer = setTimeout(() => void this.writeProgress(), wait);
  }

  private async writeProgress(): Promise<void> {
    clearTimeout(this.progress.timer);
    if (!this.progress.timer) return;
    this.progress.timer = undefined;
    this.progress.written = Date.now();
    await this.deps.pool.query('update runs set progress = $2 where id = $1', [this.id, storableJson(this.progress.value)]).catch(() => {});
  }

  private watchChild(pid: number): void {
    this.children.add(pid);
    this.deps.guard?.watch(pid);
    if (this.controller.signal.aborted) this.killChildren();
  }

  private forgetChild(pid: number): void {
    this.children.delete(pid);
    this.deps.guard?.unwatch(pid);
  }

  private killChildren(): void {
    for (const pid of this.children) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      this.forgetChild(pid);
    }
  }

  private async persist(outcome: Outcome): Promise<void> {
    const { completer, workerId, log } = this.deps;
    const base = { runId: this.id, epoch: this.run.epoch };
    const retry = () => (this.run.attempt < this.policy.maxAttempts ? backoffMs(this.run.attempt, this.policy.backoffSeconds, this.policy.backoffMaxSeconds) : null);
    let recorded: 'ended' | 'late' | 'gone' = 'ended';
    switch (outcome.kind) {
      case 'succeeded':
        recorded = await completer.end({ ...base, status: 'succeeded', result: outcome.result, retryInMs: null });
        break;
      case 'failed':
        recorded = await completer.end({ ...base, status: 'failed', errorMessage: outcome.error.message, errorStack: outcome.error.stack ?? null, retryInMs: outcome.retryable ? retry() : null });
        break;
      case 'moved':
        await durably(() => moveRun(this.deps.pool, workerId, { id: this.id, epoch: this.run.epoch }, outcome.queue, outcome.message), {
          log,
          what: "moving a run to a remote step's queue",
          keepTrying: this.deps.keepTrying,
        });
        break;
      case 'deferred':
        await durably(() => deferRun(this.deps.pool, workerId, { id: this.id, epoch: this.run.epoch }, outcome.delayMs, outcome.message), { log, what: 'deferring a run', keepTrying: this.deps.keepTrying });
        break;
      case 'handed_over':
        await durably(() => handOverRun(this.deps.pool, workerId, { id: this.id, epoch: this.run.epoch }, 'app', this.policy.timeoutSeconds), {
          log,
          what: 'handing a run over to its app',
          keepTrying: this.deps.keepTrying,
        });
        break;
      case 'aborted':
        if (outcome.reason === 'timeout') {
          recorded = await completer.end({ ...base, status: 'timed_out', errorMessage: `timed out after ${this.policy.timeoutSeconds}s`, retryInMs: retry() });
        } else if (outcome.reason === 'cancelled') {
          recorded = await completer.end({ ...base, status: 'cancelled', errorMessage: 'cancelled', retryInMs: null });
        }
        // 'shutdown': the draining runner hands the run back; 'lost': another worker recovered it.
        break;
    }
    if (recorded === 'late') log.warn({ runId: this.id }, 'a run finished after its lease was lost; its outcome is noted on its own attempt');
  }
}

/** What a step still running when its attempt ended is marked failed with; null when it goes on elsewhere (a remote step). */
function unfinishedStep(outcome: Outcome): string | null {
  if (outcome.kind === 'moved') return null;
  if (outcome.kind === 'failed') return outcome.error.message;
  if (outcome.kind === 'aborted') return outcome.reason === 'timeout' ? 'the run timed out' : outcome.reason === 'cancelled' ? 'the run was cancelled' : 'the run stopped on this worker';
  return 'the run ended before this step did';
}

// The error classes the engine acts on, rebuilt by name after crossing the thread boundary.
const KNOWN: Record<string, (e: ThreadError) => Error> = {
  NonRetryableError: (e) => new NonRetryableError(e.message),
  RateLimitedError: (e) => new RateLimitedError(e.retryAfterMs ?? 0, e.message),
  HandedOverError: (e) => new HandedOverError(e.message),
  MovedToQueueError: (e) => new MovedToQueueError(e.queue ?? '', e.message),
};

function rebuild(e: ThreadError): Error {
  const known = KNOWN[e.name];
  const error = known ? known(e) : Object.assign(new Error(e.message), { name: e.name });
  error.stack = e.stack;
  return error;
}
