import { AsyncLocalStorage } from 'node:async_hooks';
import { MovedToQueueError, NonRetryableError } from '../../lib/engine/errors';
import { coerceError } from '../../lib/errors';
import { monotonicMs, type KeptStep, type StepReport } from './messages';

export type StepOptions = {
  /** Record the step as skipped, with this reason, instead of running it (e.g. 'test mode'). */
  skip?: string;
};

const MAX_NAME = 100;

/**
 * ctx.step() of one run, in its handler thread. Steps are numbered in the order they start;
 * names are unique in a run, because a retry finds the steps its chain already finished by
 * name. Log lines written inside a step carry its number (AsyncLocalStorage follows awaits,
 * so steps may run side by side).
 */
export class StepRecorder {
  private readonly scope = new AsyncLocalStorage<number>();
  private next = 0;
  private readonly names = new Set<string>();
  /** Each finished step's result by name: what later steps (and pipeline steps' ctx.steps) read. */
  readonly results: Record<string, unknown> = {};

  constructor(
    private readonly runId: number,
    private readonly kept: KeptStep[],
    private readonly report: (step: StepReport) => void,
  ) {}

  /** The number of the step the caller runs inside, if any. */
  get current(): number | undefined {
    return this.scope.getStore();
  }

  async step<T>(name: string, fn: () => Promise<T> | T, options: StepOptions = {}): Promise<T | undefined> {
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME) throw new NonRetryableError(`a step needs a name of 1 to ${MAX_NAME} characters`);
    if (this.names.has(name)) throw new NonRetryableError(`step "${name}" started twice in one run: step names must be unique, so that a retry knows which steps are done`);
    this.names.add(name);
    const idx = this.next++;
    const kept = this.kept.find((k) => k.name === name);
    if (kept) {
      // A step of this very run (claimed again after a deferral or a remote step) has its row already.
      if (kept.runId !== this.runId) this.report({ idx, name, status: 'succeeded', result: kept.result, durationMs: 0, reusedFrom: kept.runId });
      this.results[name] = kept.result;
      return kept.result as T;
    }
    if (options.skip) {
      this.report({ idx, name, status: 'skipped', reason: options.skip });
      return undefined;
    }
    this.report({ idx, name, status: 'running' });
    const started = monotonicMs();
    try {
      const result = await this.scope.run(idx, fn);
      this.report({ idx, name, status: 'succeeded', result, durationMs: monotonicMs() - started });
      this.results[name] = result;
      return result;
    } catch (err) {
      // The step goes on on a remote worker, which records its end.
      if (err instanceof MovedToQueueError) this.report({ idx, name, status: 'running', reason: err.message });
      else this.report({ idx, name, status: 'failed', error: coerceError(err).message, durationMs: monotonicMs() - started });
      throw err;
    }
  }

  /** Records steps that will not run, after the step that stopped the run. */
  skipRest(names: string[], reason: string): void {
    for (const name of names) {
      if (this.names.has(name)) continue;
      this.names.add(name);
      this.report({ idx: this.next++, name, status: 'skipped', reason });
    }
  }
}
