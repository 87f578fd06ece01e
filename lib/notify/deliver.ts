import type { Transporter } from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import type { DueMessage } from '../../db/queries/notify/outbox';
import { env } from '../env';
import { outboundFetch } from '../outbound/request';
import type { AllowList } from '../outbound/rule';
import { open } from '../secrets/crypto';
import { secretKeyring } from '../secrets/keys';
import { channelSealContext, type NotifySettings, type SmtpConfig } from './config';
import { messageIdFor, webhookIdFor } from './ids';
import { checkedSmtpAddress, classifySmtpError, smtpTransport, type SmtpTimeouts } from './smtp';
import { templateFor, type Rendered } from './templates';

/** A failure retrying cannot fix (no template for the event): the message goes dead at once. */
export class PermanentFailure extends Error {}

export type DeliverDeps = {
  settings: NotifySettings;
  mailer: Mailer;
  allow?: AllowList;
  /** The instance secret for URL targets without a channel (lib/notify/config.ts). */
  instanceSecret: () => Promise<string>;
  timeoutMs?: number;
};

/** Pooled SMTP transports, one per configuration: a changed setting gets a new pool. */
export class Mailer {
  private current: { key: string; transport: Transporter } | undefined;
  constructor(
    private readonly allow?: AllowList,
    private readonly timeouts?: SmtpTimeouts,
  ) {}

  async transport(config: SmtpConfig): Promise<Transporter> {
    const address = await checkedSmtpAddress(config.host, this.allow ?? env().SUNDIAL_OUTBOUND_ALLOW);
    const key = JSON.stringify([config, address]);
    if (this.current?.key !== key) {
      this.current?.transport.close();
      this.current = { key, transport: smtpTransport(config, address, { pool: true, timeouts: this.timeouts }) };
    }
    return this.current.transport;
  }

  close(): void {
    this.current?.transport.close();
    this.current = undefined;
  }
}

const isUrl = (target: string) => /^https?:\/\//i.test(target);
const hostOf = (url: string) => {
  try {
    return new URL(url).hostname || 'sundial';
  } catch {
    return 'sundial';
  }
};

async function render(m: DueMessage, settings: NotifySettings): Promise<Rendered> {
  const template = templateFor(m.event);
  if (!template) throw new PermanentFailure(`no template for the event "${m.event}"`);
  return template.render(m.data, settings.ctx);
}

async function sendEmail(m: DueMessage, to: string[], r: Rendered, deps: DeliverDeps): Promise<string> {
  const smtp = deps.settings.smtp;
  if (!smtp) throw new Error('SMTP is not configured: set SMTP_* or Settings → Email');
  if (to.length === 0) throw new PermanentFailure('the channel has no recipients');
  const transport = await deps.mailer.transport(smtp);
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to,
      subject: r.subject,
      html: r.html,
      text: r.text,
      messageId: messageIdFor(m.id, m.dedupe_key, hostOf(deps.settings.ctx.baseUrl)),
      headers: { 'X-Sundial-Event': m.event },
    });
    return String(info.response ?? '');
  } catch (err) {
    throw new Error(classifySmtpError(err).message);
  }
}

async function post(url: string, body: string, headers: Record<string, string>, deps: DeliverDeps): Promise<void> {
  const res = await outboundFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Sundial', ...headers },
    body,
    allow: deps.allow,
    signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
  });
  const answer = (await res.text().catch(() => '')).slice(0, 200);
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${new URL(url).host}${answer ? `: ${answer}` : ''}`);
}

/** The Standard Webhooks request: a JSON body, signed, with an id stable across attempts. */
async function sendWebhook(m: DueMessage, url: string, secret: string, r: Rendered, deps: DeliverDeps): Promise<void> {
  const id = webhookIdFor(m.id, m.dedupe_key);
  const body = JSON.stringify({ type: m.event, timestamp: new Date(m.created_at).toISOString(), data: r.json });
  const now = new Date();
  const signature = new Webhook(secret).sign(id, now, body);
  await post(url, body, { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature }, deps);
}

/** Deliver one message to its channel or target. Throws on failure; the sender records it. */
export async function deliver(m: DueMessage, deps: DeliverDeps): Promise<void> {
  const r = await render(m, deps.settings);
  if (m.channel_id) {
    // A disabled channel still answers "Send test", so it can be checked before it is enabled.
    if (m.enabled === false && m.event !== 'test') throw new PermanentFailure(`the channel "${m.channel_name}" is disabled`);
    const sealed = () => {
      if (!m.sealed) throw new PermanentFailure(`the channel "${m.channel_name}" has no secret part stored`);
      return open(secretKeyring(), m.sealed, channelSealContext(m.channel_id!));
    };
    if (m.kind === 'email') await sendEmail(m, ((m.config?.to as string[] | undefined) ?? []).filter(Boolean), r, deps);
    else if (m.kind === 'slack') await post(sealed(), JSON.stringify(r.slack), {}, deps);
    else if (m.kind === 'webhook') await sendWebhook(m, String(m.config?.url ?? ''), sealed(), r, deps);
    else throw new PermanentFailure(`unknown channel kind ${String(m.kind)}`);
    return;
  }
  if (!m.target) throw new PermanentFailure('the message has neither a channel nor a target');
  if (isUrl(m.target)) await sendWebhook(m, m.target, await deps.instanceSecret(), r, deps);
  else await sendEmail(m, [m.target], r, deps);
}
