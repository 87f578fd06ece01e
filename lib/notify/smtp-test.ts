import { env } from '../env';
import type { AllowList } from '../outbound/rule';
import type { RenderContext } from './templates/types';
import type { SmtpConfig } from './config';
import { checkedSmtpAddress, classifySmtpError, smtpTransport, type SmtpFailureKind } from './smtp';
import { templates } from './templates';

export type SmtpTestResult = { ok: true; response: string; messageId: string } | { ok: false; kind: SmtpFailureKind; message: string };

// Under the 15 s the settings page promises, whichever step hangs.
const TIMEOUTS = { connectMs: 5000, greetingMs: 5000, socketMs: 10_000 };
const DEADLINE_MS = 14_000;

/** Send the test template to `to` right now (not through the outbox), and say what the server answered. */
export async function sendSmtpTest(config: SmtpConfig, to: string, ctx: RenderContext, requestedBy: string, opts: { allow?: AllowList; deadlineMs?: number } = {}): Promise<SmtpTestResult> {
  const rendered = await templates.test!.render({ channel: 'SMTP settings', requestedBy }, ctx);
  let transport: ReturnType<typeof smtpTransport> | undefined;
  const attempt = async (): Promise<SmtpTestResult> => {
    const address = await checkedSmtpAddress(config.host, opts.allow ?? env().SUNDIAL_OUTBOUND_ALLOW);
    transport = smtpTransport(config, address, { pool: false, timeouts: TIMEOUTS });
    const info = await transport.sendMail({ from: config.from, to, subject: rendered.subject, html: rendered.html, text: rendered.text });
    return { ok: true, response: String(info.response ?? ''), messageId: String(info.messageId ?? '') };
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer from ${config.host}:${config.port} within ${Math.round((opts.deadlineMs ?? DEADLINE_MS) / 1000)} s`), { code: 'ETIMEDOUT' })), opts.deadlineMs ?? DEADLINE_MS);
  });
  try {
    return await Promise.race([attempt(), deadline]);
  } catch (err) {
    return { ok: false, ...classifySmtpError(err) };
  } finally {
    clearTimeout(timer);
    transport?.close();
  }
}
