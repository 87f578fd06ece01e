import pg from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { enqueue } from '../lib/notify/outbox';
import { NOTIFY_KEYS } from '../lib/notify/config';
import { parseAllowList, type AllowList } from '../lib/outbound/rule';
import { Listener } from '../lib/listener';
import { Sender } from '../worker/sender';
import { OUTBOX_CHANNEL } from '../db/queries/notify/outbox';
import { endRuns } from '../db/queries/engine/end-runs';
import type { BenchServer } from './database';
import { Block, envInt, int, msText, percentile } from './report';

// Issue 11: the sender's delivery rate to a local SMTP server (aim: 100 messages/s or more),
// the time from a message entering the outbox to the server accepting it, and the whole way
// from a failed run's end (the engine's own statement, which opens the incident and writes
// the outbox row) to its email being accepted.

async function localSmtp(onAccept: (messageId: string) => void) {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (d: Buffer) => {
        if (head.length < 4096) head += d.toString();
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1];
        if (id) onAccept(id);
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function notify(server: BenchServer): Promise<void> {
  const db = await server.database('notify');
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const accepted = new Map<string, number>();
  const smtp = await localSmtp((id) => accepted.set(id, performance.now()));
  const allow = (parseAllowList(['127.0.0.1']) as { ok: true; list: AllowList }).list;
  const log = pino({ level: 'warn' });
  const sender = new Sender({ pool, log, databaseUrl: db.url, allow, pollMs: 1000 });
  const listener = new Listener(db.url, [OUTBOX_CHANNEL], () => sender.wake(), log);
  const burst = envInt('BENCH_NOTIFY_MESSAGES', 1000);
  const trickle = envInt('BENCH_NOTIFY_LATENCY_MESSAGES', 100);
  try {
    await pool.query('insert into settings (key, value) values ($1, $2)', [NOTIFY_KEYS.smtp, JSON.stringify({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Bench <bench@localhost>' })]);
    const { rows } = await pool.query<{ id: string }>(`insert into notification_channels (name, kind, config) values ('bench', 'email', '{"to":["ops@localhost"]}') returning id`);
    const channelId = rows[0]!.id;
    await listener.start();
    sender.start();
    // Each message its own data, as real ones have: nothing is rendered once for many.
    const message = (key: string) => ({ channelId, event: 'test', dedupeKey: key, data: { channel: 'bench', requestedBy: key } });
    const waitFor = async (n: number) => {
      while (accepted.size < n) await new Promise((r) => setTimeout(r, 20));
    };

    // Warm-up: the first message opens the SMTP pool and renders the template once.
    await enqueue(pool, [message('warm')]);
    await waitFor(1);

    const t0 = performance.now();
    await enqueue(pool, Array.from({ length: burst }, (_, i) => message(`burst:${i}`)));
    await waitFor(1 + burst);
    const burstMs = performance.now() - t0;

    // One at a time, 20 ms apart: each waits for nothing but its own delivery.
    const latencies: number[] = [];
    for (let i = 0; i < trickle; i++) {
      const start = performance.now();
      const [id] = await enqueue(pool, [message(`trickle:${i}`)]);
      const before = accepted.size;
      await waitFor(before + 1);
      const key = [...accepted.keys()].find((k) => k.startsWith(`<sundial.${id}.`));
      latencies.push((key ? accepted.get(key)! : performance.now()) - start);
      await new Promise((r) => setTimeout(r, 20));
    }
    // A failing run's end, one task at a time: the incident opens and its email goes out.
    const fromFailure: number[] = [];
    for (let i = 0; i < trickle; i++) {
      const { rows: t } = await pool.query<{ id: string }>(
        `insert into tasks (name, handler, schedule, notify) values ($1, 'noop', '{"kind":"manual"}', $2) returning id`,
        [`bench failing ${i}`, JSON.stringify({ channels: [channelId] })],
      );
      const { rows: r } = await pool.query<{ id: string }>(
        `insert into runs (task_id, trigger, status, scheduled_for, started_at, worker_id, lease_epoch, lease_expires_at)
         values ($1, 'api', 'running', now(), now(), 'bench', 1, now() + interval '30 seconds') returning id`,
        [t[0]!.id],
      );
      const before = accepted.size;
      const start = performance.now();
      await endRuns(pool, [{ runId: Number(r[0]!.id), epoch: 1, status: 'failed', errorMessage: 'the provider answered 503', retryInMs: null }]);
      await waitFor(before + 1);
      fromFailure.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 20));
    }
    new Block(`notification sender, ${int(burst)} queued emails to a local SMTP server`, '100 messages/s or more')
      .row('delivery rate', `${int((burst / burstMs) * 1000)} messages/s (${int(burstMs)} ms for ${int(burst)})`)
      .row('enqueue -> accepted', `p50 ${msText(percentile(latencies, 0.5))}, p99 ${msText(percentile(latencies, 0.99))}, max ${msText(Math.max(...latencies))} (${trickle} messages, one at a time)`)
      .row('failed run end -> accepted', `p50 ${msText(percentile(fromFailure, 0.5))}, p99 ${msText(percentile(fromFailure, 0.99))}, max ${msText(Math.max(...fromFailure))} (${trickle} failing tasks, one at a time: incident opened, "Failing" email)`)
      .print();
  } finally {
    await listener.close();
    await sender.stop();
    await smtp.close();
    await pool.end();
    await db.drop();
  }
}
