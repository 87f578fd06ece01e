import pg from 'pg';
import type pino from 'pino';
import { markFailed, markSent, takeDue, type DueMessage } from '../db/queries/notify/outbox';
import { instanceSigningSecret, loadNotifySettings } from '../lib/notify/config';
import type * as Delivery from '../lib/notify/deliver';
import type { SmtpTimeouts } from '../lib/notify/smtp';
import type { AllowList } from '../lib/outbound/rule';
import { coerceError } from '../lib/errors';

export type SenderOptions = {
  pool: pg.Pool;
  log: pino.Logger;
  /** Its own small pool on this URL, so sends never wait behind runs for a connection. */
  databaseUrl?: string;
  /** Messages in flight at once, each in its own transaction. */
  concurrency?: number;
  pollMs?: number;
  /** First retry delay; doubled per attempt, capped at `backoffCapMs`. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** A message still failing this long after it was queued goes dead. */
  deadAfterMs?: number;
  allow?: AllowList;
  smtpTimeouts?: SmtpTimeouts;
};

export const backoffMs = (attempts: number, baseMs: number, capMs: number) => Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));

/**
 * The sender role: delivers due outbox messages.
 *
 * Guarantee: a message is sent at least once, and each attempt carries the same Message-ID /
 * webhook-id. Each message is taken with FOR UPDATE SKIP LOCKED in a transaction that stays
 * open for the whole send and commits together with `sent`. So only one worker sends it at a
 * time; a worker killed (even with -9) before the server accepts loses nothing, since its
 * connection drops, Postgres rolls the transaction back, and another worker (or this one
 * restarted) sends it again. The one window for a second copy is after the server's 250 (or
 * 2xx) and before the commit lands: one local UPDATE and COMMIT, and the copy carries the same
 * Message-ID / webhook-id, so a receiver can drop it. Exactly-once is impossible over SMTP.
 */
export class Sender {
  private readonly pool: pg.Pool;
  private readonly ownPool: boolean;
  // Delivery (nodemailer, React Email and react-dom's server renderer) is loaded with the first
  // message: an idle worker, which may never send one, stays small (the idle-RSS target).
  private delivery: Promise<typeof Delivery> | undefined;
  private mailer: Delivery.Mailer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly active = new Set<Promise<void>>();
  private stopping: Promise<void> | undefined;
  private rewake = false;
  private readonly o: Required<Omit<SenderOptions, 'databaseUrl' | 'allow' | 'smtpTimeouts'>> & SenderOptions;

  constructor(options: SenderOptions) {
    this.o = { concurrency: 4, pollMs: 5000, backoffBaseMs: 30_000, backoffCapMs: 3_600_000, deadAfterMs: 24 * 3_600_000, ...options };
    this.ownPool = Boolean(options.databaseUrl);
    this.pool = options.databaseUrl ? new pg.Pool({ connectionString: options.databaseUrl, max: this.o.concurrency }) : options.pool;
    // An idle connection dropped (a restart, a failover): the next send opens another. Quiet once stopping.
    if (this.ownPool) this.pool.on('error', (err) => this.stopping || this.o.log.warn({ err: coerceError(err) }, 'sender database connection failed'));
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.o.pollMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * Something may be due (a NOTIFY, or the poll). One send loop looks; each message it takes
   * starts another loop (before sending it, so one slow send never holds the rest back), up
   * to `concurrency`: an idle worker holds one connection for a moment, a backlog soon has
   * every slot busy.
   */
  wake(): void {
    if (this.stopping) return;
    if (this.active.size > 0) this.rewake = true;
    else this.spawn();
  }

  private spawn(): void {
    if (this.stopping || this.active.size >= this.o.concurrency) return;
    const loop: Promise<void> = this.drain().finally(() => {
      this.active.delete(loop);
      // A message queued after the last loop looked, before it ended: look once more.
      if (this.rewake && this.active.size === 0) {
        this.rewake = false;
        this.wake();
      }
    });
    this.active.add(loop);
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopping && (await this.sendOne()));
    } catch (err) {
      this.o.log.warn({ err: coerceError(err) }, 'sending notifications failed; retrying at the next poll');
    }
  }

  /** One message in one transaction; false when none is due. */
  private async sendOne(): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const m = await takeDue(client);
      if (m) {
        this.spawn();
        await this.attempt(client, m);
      }
      await client.query('commit');
      return Boolean(m);
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  private async attempt(client: pg.PoolClient, m: DueMessage): Promise<void> {
    try {
      const settings = await loadNotifySettings(client);
      const { deliver, mailer } = await this.loadDelivery();
      await deliver(m, { settings, mailer, allow: this.o.allow, instanceSecret: () => instanceSigningSecret(client) });
      await markSent(client, m.id);
    } catch (err) {
      const error = coerceError(err).message;
      const attempts = m.attempts + 1;
      // A Send test answers a person waiting for it (data.oneShot): its first outcome is final.
      const permanent = this.delivery ? (await this.delivery).PermanentFailure : undefined;
      const dead = (permanent !== undefined && err instanceof permanent) || m.data.oneShot === true || Date.now() - new Date(m.created_at).getTime() >= this.o.deadAfterMs;
      const retryInMs = backoffMs(attempts, this.o.backoffBaseMs, this.o.backoffCapMs);
      await markFailed(client, m.id, error, retryInMs, dead);
      this.o.log.warn({ outboxId: m.id, event: m.event, attempts, dead, retryInMs: dead ? undefined : retryInMs, error }, dead ? 'notification dead' : 'notification failed; will retry');
    }
  }

  private async loadDelivery() {
    this.delivery ??= import('../lib/notify/deliver');
    const delivery = await this.delivery;
    this.mailer ??= new delivery.Mailer(this.o.allow, this.o.smtpTimeouts);
    return { deliver: delivery.deliver, mailer: this.mailer };
  }

  /** Idempotent: waits for messages in flight, then closes SMTP connections. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.timer);
      await Promise.all([...this.active]);
      this.mailer?.close();
      if (this.ownPool) await this.pool.end();
    })();
    return this.stopping;
  }
}
