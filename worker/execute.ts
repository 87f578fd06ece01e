import { spawn, type ChildProcess } from 'node:child_process';
import type pg from 'pg';
import type pino from 'pino';
import { deferRun, finishRun } from '../db/queries/engine/finish';
import { backoffMs } from '../lib/engine/backoff';
import { NonRetryableError, RunAbortedError, type AbortReason } from '../lib/engine/errors';
import { coerceError } from '../lib/errors';
import { readPolicy, type Policy } from '../lib/tasks/policy';
import type { TaskContext, TaskDefinition } from './define';
import { classify, type Outcome } from './outcome';
import { RunLogger } from './run-logger';

export type ClaimedRun = { id: number; task_id: string; attempt: number; params: unknown; test_mode: boolean; scheduled_for: Date };
export type TaskInfo = { id: string; name: string; handler: string; config: unknown; policy: unknown };

/** One run on this worker: the handler call, its timeout, its log, its children, and its end. */
export class Execution {
  private readonly controller = new AbortController();
  private readonly children = new Set<ChildProcess>();
  readonly policy: Policy;
  readonly done: Promise<void>;

  constructor(
    readonly run: ClaimedRun,
    private readonly task: TaskInfo,
    private readonly deps: { pool: pg.Pool; workerId: string; log: pino.Logger; handler: TaskDefinition | undefined },
  ) {
    this.policy = readPolicy(task.policy);
    this.controller.signal.addEventListener('abort', () => this.killChildren());
    this.done = this.execute();
  }

  get id(): number {
    return Number(this.run.id);
  }

  abort(reason: AbortReason): void {
    if (!this.controller.signal.aborted) this.controller.abort(new RunAbortedError(reason));
  }

  private async execute(): Promise<void> {
    const { pool, log } = this.deps;
    const logger = new RunLogger(pool, this.id, (err) => log.warn({ err: coerceError(err), runId: this.id }, 'could not write run log'));
    const timer = setTimeout(() => this.abort('timeout'), this.policy.timeoutSeconds * 1000);
    let outcome: Outcome;
    try {
      const value = await Promise.race([this.callHandler(logger), this.aborted()]);
      outcome = classify({ ok: true, result: value }, this.controller.signal);
    } catch (err) {
      outcome = classify({ ok: false, error: err }, this.controller.signal);
    } finally {
      clearTimeout(timer);
      this.killChildren();
    }
    if (outcome.kind === 'failed') logger.log(`failed: ${outcome.error.message}`, 'error');
    await logger.close();
    try {
      await this.persist(outcome);
    } catch (err) {
      // The lease runs out and another worker recovers the run as lost.
      log.error({ err: coerceError(err), runId: this.id }, 'could not record the end of a run');
    }
  }

  private async callHandler(logger: RunLogger): Promise<unknown> {
    const handler = this.deps.handler;
    if (!handler) throw new NonRetryableError(`no handler "${this.task.handler}" on worker ${this.deps.workerId}`);
    const config = handler.configSchema.safeParse(this.task.config ?? {});
    if (!config.success) {
      throw new NonRetryableError(`invalid config: ${config.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    let lastProgress = 0;
    const ctx: TaskContext<unknown> = {
      runId: this.id,
      taskId: this.task.id,
      taskName: this.task.name,
      config: config.data,
      params: (this.run.params ?? {}) as Record<string, unknown>,
      signal: this.controller.signal,
      log: (message, level = 'info') => logger.log(message, level),
      progress: (progress) => {
        if (Date.now() - lastProgress < 500) return;
        lastProgress = Date.now();
        void this.deps.pool.query('update runs set progress = $2 where id = $1', [this.id, JSON.stringify(progress)]).catch(() => {});
      },
      testMode: this.run.test_mode,
      attempt: this.run.attempt,
      scheduledFor: new Date(this.run.scheduled_for),
      spawn: (command, args = [], options = {}) => this.spawnChild(command, args, options),
      db: this.deps.pool,
    };
    return handler.run(ctx);
  }

  private aborted(): Promise<never> {
    const signal = this.controller.signal;
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  }

  /** Children run in their own process group, so a kill reaches their children too. */
  private spawnChild(command: string, args: string[], options: Parameters<TaskContext<unknown>['spawn']>[2]): ChildProcess {
    if (this.controller.signal.aborted) throw this.controller.signal.reason;
    const child = spawn(command, args, { stdio: 'pipe', ...options, detached: true });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  private killChildren(): void {
    for (const child of this.children) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
  }

  private async persist(outcome: Outcome): Promise<void> {
    const { pool, workerId } = this.deps;
    const base = { runId: this.id, workerId };
    const retry = () => (this.run.attempt < this.policy.maxAttempts ? backoffMs(this.run.attempt, this.policy.backoffSeconds, this.policy.backoffMaxSeconds) : null);
    switch (outcome.kind) {
      case 'succeeded':
        await finishRun(pool, { ...base, status: 'succeeded', result: outcome.result, retryInMs: null });
        return;
      case 'failed':
        await finishRun(pool, {
          ...base,
          status: 'failed',
          errorMessage: outcome.error.message,
          errorStack: outcome.error.stack ?? null,
          retryInMs: outcome.retryable ? retry() : null,
        });
        return;
      case 'deferred':
        await deferRun(pool, this.id, workerId, outcome.delayMs, outcome.message);
        return;
      case 'aborted':
        if (outcome.reason === 'timeout') {
          await finishRun(pool, { ...base, status: 'timed_out', errorMessage: `timed out after ${this.policy.timeoutSeconds}s`, retryInMs: retry() });
        } else if (outcome.reason === 'cancelled') {
          await finishRun(pool, { ...base, status: 'cancelled', errorMessage: 'cancelled', retryInMs: null });
        }
        // 'shutdown': the draining worker hands the lease back; 'lost': another worker recovered it.
        return;
    }
  }
}
