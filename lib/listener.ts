import pg from 'pg';
import type pino from 'pino';
import { coerceError } from './errors';

/**
 * LISTEN on a dedicated connection and call `onNotify` for each notification. A dropped
 * connection is reopened with backoff; meanwhile the once-a-second tick polls, so a lost
 * notification only costs up to a second.
 */
export class Listener {
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = 500;

  constructor(
    private readonly url: string,
    private readonly channels: string[],
    private readonly onNotify: (channel: string, payload?: string) => void,
    private readonly log: pino.Logger,
  ) {}

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    client.on('notification', (n) => this.onNotify(n.channel, n.payload));
    client.on('error', (err) => this.reconnect(client, err));
    client.on('end', () => this.reconnect(client, new Error('connection ended')));
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      this.client = client;
      this.retryMs = 500;
    } catch (err) {
      this.reconnect(client, err);
    }
  }

  private reconnect(client: pg.Client, err: unknown): void {
    if (this.closed || (this.client && this.client !== client)) return;
    this.client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    this.log.warn({ err: coerceError(err), retryInMs: this.retryMs }, 'LISTEN connection lost; polling until it is back');
    setTimeout(() => void this.start(), this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}
