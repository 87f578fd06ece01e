import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type pg from 'pg';
import { z } from 'zod';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a handler's run() receives. */
export type TaskContext<Config> = {
  runId: number;
  taskId: string;
  taskName: string;
  config: Config;
  params: Record<string, unknown>;
  /** Aborted on timeout, cancel, replace, or when the worker stops: stop work promptly. */
  signal: AbortSignal;
  /** Appends a line to the run's log; lines reach the database in small batches while it runs. */
  log: (message: string, level?: LogLevel) => void;
  /** Reports progress shown on the run, e.g. { done: 40, total: 100 }. */
  progress: (progress: Record<string, unknown>) => void;
  /** A manual run asked for a dry run: do not change anything outside. */
  testMode: boolean;
  attempt: number;
  scheduledFor: Date;
  /** What queued the run: schedule, catch_up, manual, api or retry. */
  trigger: string;
  /**
   * Runs fn as a named step of this run: its status, result, duration and log lines are
   * recorded and shown on the run page as a timeline. A retry does not run again a step that
   * an earlier attempt finished: it returns that result. Names must be unique in a run.
   * With `skip`, the step is recorded as skipped with that reason and fn is not called.
   */
  step: {
    <T>(name: string, fn: () => Promise<T> | T): Promise<T>;
    <T>(name: string, fn: () => Promise<T> | T, options: { skip?: string }): Promise<T | undefined>;
  };
  /** The results of the steps finished so far in this run, by name (a pipeline step reads the earlier ones). */
  steps: Readonly<Record<string, unknown>>;
  /** Runs another handler of this worker, with its own config, inside this run (what a pipeline step does). */
  call: (handler: string, config: unknown) => Promise<unknown>;
  /** Like child_process.spawn, but the process (and its group) is killed when the run ends or is aborted, and when its worker dies. */
  spawn: (command: string, args?: string[], options?: SpawnOptions) => ChildProcess;
  /**
   * Call right before a side effect (a request, a write): it throws when the run was
   * aborted, or when this worker can no longer be sure it still holds the run's lease (it
   * was paused or cut off longer than the lease), so another worker may already run it.
   */
  checkpoint: () => void;
  /**
   * Lets code outside the worker report on this attempt alone (logs, progress, heartbeat, its
   * outcome) through /api/v1/runs/{id}/…, until the attempt ends. Hand it only to what this run calls.
   */
  runToken: string;
  /** A small connection pool of the handler's own (handlers run in worker threads). */
  db: pg.Pool;
  /**
   * Runs `fn` for each item, each with its own error handling: a failed item is counted and
   * noted, the others go on. With `rateLimitKey`, each item takes a start on that shared key
   * first (waiting, never failing, when the window is full). Return its result from run() to
   * report the counts; failed items make the run partial. README "Batches".
   */
  batch: <T>(items: readonly T[], fn: (item: T, index: number) => Promise<unknown>, options?: BatchOptions) => Promise<BatchResult<T>>;
};

export type BatchOptions = {
  /** Items in flight at once; default 1. */
  concurrency?: number;
  /** A rate-limit key shared with task policies (and other batches) on every worker. */
  rateLimitKey?: string;
  /** The key's limit; default: this task's policy if it names the key, else the strictest task policy that does. */
  rateLimit?: { max: number; perSeconds: number };
};

/** What ctx.batch returns: counts, and the first 100 failures. */
export type BatchResult<T> = {
  total: number;
  succeeded: number;
  failed: number;
  /** Not run (or cut short) because the run was aborted. */
  skipped: number;
  failures: { item: T; error: string }[];
};

export type TaskDefinition<Schema extends z.ZodType = z.ZodType> = {
  key: string;
  title: string;
  description?: string;
  configSchema: Schema;
  run: (ctx: TaskContext<z.output<Schema>>) => Promise<unknown> | unknown;
};

/**
 * A config field that holds a credential (a password, a DSN, a token): the web app seals it
 * when the task is saved, shows it only as set or unset, and the worker opens it for run().
 * Its value is masked in everything the run writes. Top-level fields only.
 */
export const secretField = (description = 'Write-only: stored encrypted, shown only as set or unset') => z.string().min(1).meta({ writeOnly: true, description });

/** Register a handler: put the module in worker/tasks/ and list it in worker/tasks/index.ts. */
export function defineTask<Schema extends z.ZodType>(definition: TaskDefinition<Schema>): TaskDefinition<Schema> {
  if (!/^[a-z][a-z0-9_.-]{0,62}$/.test(definition.key)) {
    throw new Error(`task key "${definition.key}" must be lowercase letters, digits, dots, dashes or underscores`);
  }
  return definition;
}

/** What a worker publishes about a handler: the web app renders forms and checks configs from it. */
export function catalogEntry(definition: TaskDefinition) {
  return { key: definition.key, title: definition.title, description: definition.description ?? '', configSchema: z.toJSONSchema(definition.configSchema, { io: 'input' }) };
}
