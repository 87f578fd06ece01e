import type pino from 'pino';
import type { Db } from '../../db/client';
import { queueReminders, queueWorkersNone } from '../../db/queries/incidents';
import { LIVE_WINDOW_SECONDS } from '../../db/queries/workers';
import { coerceError } from '../errors';
import { sealLegacyWebhookChannels } from './legacy-webhooks';

type Options = { db: Db; log: pino.Logger; everyMs?: number; reminders: boolean };

/**
 * The notifications no run's end causes: incident reminders (workers only) and "no live
 * worker", checked by the web process and by every worker, so the last worker dying is still
 * told. Each check is one idempotent statement, so many processes may run them at once.
 */
export class NotifyWatch {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly o: Options) {}

  start(): void {
    this.current = this.sealLegacy();
    this.timer = setInterval(() => {
      if (!this.stopped) this.current = this.check();
    }, this.o.everyMs ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.current;
  }

  /** Once at start: every process has the secret key by now, which the migration had not. */
  private async sealLegacy(): Promise<void> {
    try {
      const n = await sealLegacyWebhookChannels(this.o.db);
      if (n > 0) this.o.log.info({ channels: n }, 'gave migrated webhook channels a signing secret');
    } catch (err) {
      this.o.log.error({ err: coerceError(err) }, 'sealing the migrated webhook channels failed');
    }
  }

  /** One round; errors are logged, never thrown. */
  async check(): Promise<void> {
    try {
      const none = await queueWorkersNone(this.o.db, LIVE_WINDOW_SECONDS);
      if (none > 0) this.o.log.warn({ messages: none }, 'no live worker: queued workers.none');
      if (this.o.reminders) {
        const reminded = await queueReminders(this.o.db);
        if (reminded > 0) this.o.log.info({ messages: reminded }, 'queued incident reminders');
      }
    } catch (err) {
      this.o.log.error({ err: coerceError(err) }, 'notification checks failed');
    }
  }
}
