import type pg from 'pg';
import type pino from 'pino';
import { failOpenSteps, writeStep, type StepRow } from '../../db/queries/engine/steps';
import { coerceError } from '../../lib/errors';
import { durably } from './durable';

/**
 * Writes one attempt's step reports in the order they came, each durably: a retry trusts
 * these rows to skip the steps they say succeeded, so one lost to a blip would run a step
 * twice. The attempt's end waits for close().
 */
export class StepWriter {
  private chain: Promise<void> = Promise.resolve();
  private used = false;

  constructor(
    private readonly o: { pool: pg.Pool; log: pino.Logger; keepTrying: () => boolean },
    private readonly run: { id: number; epoch: number },
  ) {}

  write(step: StepRow): void {
    this.used = true;
    this.chain = this.chain.then(() =>
      durably(() => writeStep(this.o.pool, this.run, step), { log: this.o.log, what: 'recording a step', keepTrying: this.o.keepTrying }).then(
        () => {},
        (err) => this.o.log.warn({ err: coerceError(err), runId: this.run.id, step: step.name }, 'could not record a step'),
      ),
    );
  }

  /** After the handler: steps its end left running failed with it (a timeout, a cancel, an abandoned promise), unless `error` is null (a step that goes on elsewhere). */
  async close(error: string | null): Promise<void> {
    await this.chain;
    if (!this.used || error === null) return;
    await durably(() => failOpenSteps(this.o.pool, this.run, error), { log: this.o.log, what: 'closing steps', keepTrying: this.o.keepTrying }).catch((err) =>
      this.o.log.warn({ err: coerceError(err), runId: this.run.id }, 'could not close open steps'),
    );
  }
}
