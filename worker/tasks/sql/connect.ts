import type pg from 'pg';
import { NonRetryableError } from '../../../lib/engine/errors';

type Pg = typeof pg;

const CONNECT_TIMEOUT_MS = 10_000;

/** Where a client connects, for messages: host, port and database, never the user or password. */
export const where = (client: pg.Client) => `${client.host}:${client.port}/${client.database}`;

function newClient(Pg: Pg, url: string, runId?: number): pg.Client {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new NonRetryableError('connection must be a postgres:// or postgresql:// URL');
  try {
    const client = new Pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: runId ? `sundial run ${runId}` : 'sundial' });
    // A connection lost between queries fails the next query; unhandled, it would crash the thread.
    client.on('error', () => {});
    return client;
  } catch {
    // The parser's message may quote the URL, password included.
    throw new NonRetryableError('connection is not a valid postgres:// URL');
  }
}

/** One short-lived client for the run. A failed connect is retryable: the server may be restarting. */
export async function connect(Pg: Pg, url: string, runId: number): Promise<pg.Client> {
  const client = newClient(Pg, url, runId);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    const e = err as { code?: string; message?: string };
    throw new Error(`could not connect to ${where(client)}: ${e.message || e.code || 'unknown error'}`);
  }
  return client;
}

/**
 * On abort, cancels the running statement from a second connection: a closed socket alone
 * would leave the server running it until it next writes to the client.
 */
export function cancelOnAbort(Pg: Pg, url: string, client: pg.Client, signal: AbortSignal): () => void {
  const pid = (client as pg.Client & { processID: number }).processID;
  const cancel = async () => {
    const other = newClient(Pg, url);
    try {
      await other.connect();
      await other.query('select pg_cancel_backend($1)', [pid]);
    } catch {
      // Best effort: statement_timeout still ends it.
    } finally {
      await other.end().catch(() => {});
    }
  };
  const onAbort = () => void cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
