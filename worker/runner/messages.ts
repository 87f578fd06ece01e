import type { StepRow } from '../../db/queries/engine/steps';
import type { LogLevel } from '../define';

/** What the runner sends a handler thread. */
export type ToThread =
  | { type: 'run'; run: ThreadRun; cell: number }
  | { type: 'abort'; runId: number; reason: 'timeout' | 'cancelled' | 'shutdown' | 'lost' };

export type ThreadRun = {
  id: number;
  taskId: string;
  taskName: string;
  handler: string;
  config: unknown;
  params: Record<string, unknown>;
  testMode: boolean;
  attempt: number;
  scheduledFor: string;
  trigger: string;
  /** The attempt's lease epoch, which its run token names. */
  epoch: number;
  /** Steps an earlier attempt of this retry chain finished: ctx.step() keeps their results instead of running them again. */
  kept: KeptStep[];
};

export type KeptStep = { name: string; result: unknown; runId: number };

/** A step's change of state, for run_steps; the main thread writes it fenced by the attempt's epoch. */
export type StepReport = StepRow;

/** A thrown value as it crosses the thread boundary; the runner rebuilds the error classes from `name`. */
export type ThreadError = { name: string; message: string; stack?: string; retryAfterMs?: number; queue?: string };

/** What a handler thread sends back. */
export type FromThread =
  | { type: 'ready' }
  | { type: 'log'; runId: number; message: string; level: LogLevel; step?: number }
  | { type: 'step'; runId: number; step: StepReport }
  | { type: 'progress'; runId: number; progress: Record<string, unknown> }
  | { type: 'child'; runId: number; pid: number; exited: boolean }
  | { type: 'done'; runId: number; ok: true; result: unknown }
  | { type: 'done'; runId: number; ok: false; error: ThreadError };

/** Process-wide monotonic milliseconds: the same clock in every thread, running on while the process is stopped. */
export const monotonicMs = () => Number(process.hrtime.bigint() / 1_000_000n);
