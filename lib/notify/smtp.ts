import dns from 'node:dns/promises';
import net from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import { isIpLiteral } from '../outbound/address';
import { OutboundRefusedError, refusalFor, refusalForHost, type AllowList } from '../outbound/rule';
import type { SmtpConfig } from './config';

// SMTP is not HTTP, so it cannot go through outboundFetch; the same outbound rule is applied
// here instead: the host is resolved once, each address checked, and nodemailer connects to
// the checked address (with the name kept for TLS), so DNS cannot answer differently later.

export type SmtpTimeouts = { connectMs: number; greetingMs: number; socketMs: number };
export const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

/** The address to connect to, after the outbound rule; throws OutboundRefusedError. */
export async function checkedSmtpAddress(host: string, allow: AllowList): Promise<string> {
  const early = refusalForHost(host, allow);
  if (early) throw new OutboundRefusedError(early);
  const addresses = await dns.lookup(host, { all: true });
  for (const { address } of addresses) {
    const refusal = refusalFor(address, host, allow);
    if (refusal) throw new OutboundRefusedError(refusal);
  }
  const first = addresses[0];
  if (!first) throw Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' });
  return first.address;
}

type SocketCallback = (err: Error | null, socket?: { connection: net.Socket }) => void;

/**
 * nodemailer's own socket keeps Nagle's algorithm on, so each message waits ~40 ms for a
 * delayed ACK: a pooled connection then sends ~20 messages/s. This one sets TCP_NODELAY;
 * nodemailer still does TLS on it (from the start when `secure`, else STARTTLS).
 */
function noDelaySocket(address: string, port: number) {
  // Handed over while still connecting: nodemailer's own handlers then see a refusal or a
  // timeout exactly as with its own socket (its pool never reports a getSocket error).
  return (_options: unknown, callback: SocketCallback) => callback(null, { connection: net.connect({ host: address, port, noDelay: true }) });
}

export function smtpTransport(config: SmtpConfig, address: string, opts: { pool: boolean; timeouts?: SmtpTimeouts }): Transporter {
  const t = opts.timeouts ?? DEFAULT_TIMEOUTS;
  const common = {
    host: address,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    // SNI and the certificate check use the name the admin typed, not the address we pinned.
    tls: isIpLiteral(config.host) ? {} : { servername: config.host },
    connectionTimeout: t.connectMs,
    greetingTimeout: t.greetingMs,
    socketTimeout: t.socketMs,
    getSocket: noDelaySocket(address, config.port),
  };
  // Several connections at once: one local server takes well over 100 messages a second.
  return opts.pool ? nodemailer.createTransport({ ...common, pool: true, maxConnections: 5, maxMessages: Infinity }) : nodemailer.createTransport(common);
}

export type SmtpFailureKind = 'auth' | 'connection-refused' | 'tls' | 'timeout' | 'dns' | 'refused-address' | 'rejected' | 'other';

type MailError = Error & { code?: string; responseCode?: number; response?: string; command?: string };

/** What went wrong, in the words an admin needs: which of auth, connection, TLS, timeout, DNS. */
export function classifySmtpError(err: unknown): { kind: SmtpFailureKind; message: string } {
  const e = err as MailError;
  const text = `${e?.message ?? String(err)}`;
  if (err instanceof OutboundRefusedError) return { kind: 'refused-address', message: text };
  if (e.code === 'EAUTH') return { kind: 'auth', message: `authentication refused: ${e.response ?? text}` };
  if (/ECONNREFUSED/.test(text) || e.code === 'ECONNREFUSED') return { kind: 'connection-refused', message: `connection refused: ${text}` };
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(text) || e.code === 'EDNS' || e.code === 'ENOTFOUND') return { kind: 'dns', message: `host name not found: ${text}` };
  if (e.code === 'ETLS' || /SSL|TLS|certificate|self[- ]signed|wrong version number|EPROTO/i.test(text)) return { kind: 'tls', message: `TLS failed: ${text}` };
  if (e.code === 'ETIMEDOUT' || /timeout|timed out|Greeting never received/i.test(text)) return { kind: 'timeout', message: `timed out: ${text}` };
  if (e.responseCode) return { kind: 'rejected', message: `the server refused the message: ${e.response ?? text}` };
  return { kind: 'other', message: text };
}
