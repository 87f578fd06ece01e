import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { readSettingValues, settingOnce } from '../../db/queries/notify/settings';
import type { Queryable } from '../../db/queries/engine/tx';
import { env } from '../env';
import { publicUrl } from '../public-url';
import { open, seal } from '../secrets/crypto';
import { secretKeyring } from '../secrets/keys';
import type { RenderContext } from './templates/types';

// What the sender needs besides a message: how to reach the SMTP server, the subject prefix
// and footer, and the instance's signing secret for webhook targets that have no channel.

export const NOTIFY_KEYS = { smtp: 'smtp', subjectPrefix: 'notify.subject_prefix', footer: 'notify.footer', signingSecret: 'notify.signing_secret' } as const;
export const DEFAULT_SUBJECT_PREFIX = '[Sundial]';

export type SmtpConfig = { host: string; port: number; secure: boolean; user?: string; password?: string; from: string };
/** How the settings row stores it: the password sealed, never in the clear. */
export const storedSmtp = z.object({
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  user: z.string().optional(),
  from: z.string(),
  passwordSealed: z.string().optional(),
});
export type StoredSmtp = z.infer<typeof storedSmtp>;

export const SMTP_PASSWORD_CONTEXT = 'setting:smtp.password';
export const sealSmtpPassword = (password: string) => seal(secretKeyring(), password, SMTP_PASSWORD_CONTEXT);

/** SMTP from the environment when SMTP_HOST is set there: then the settings page shows it read-only. */
export function smtpFromEnv(): SmtpConfig | null {
  const e = env();
  if (!e.SMTP_HOST) return null;
  return { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER || undefined, password: e.SMTP_PASS || undefined, from: e.SMTP_FROM ?? `Sundial <sundial@${e.SMTP_HOST}>` };
}

export function smtpFromStored(value: unknown): SmtpConfig | null {
  const parsed = storedSmtp.safeParse(value);
  if (!parsed.success) return null;
  const { passwordSealed, ...rest } = parsed.data;
  return { ...rest, password: passwordSealed ? open(secretKeyring(), passwordSealed, SMTP_PASSWORD_CONTEXT) : undefined };
}

export type NotifySettings = { smtp: SmtpConfig | null; smtpSource: 'env' | 'settings' | 'none'; ctx: RenderContext };


export const NOTIFY_SETTING_KEYS = [NOTIFY_KEYS.smtp, NOTIFY_KEYS.subjectPrefix, NOTIFY_KEYS.footer];

export const loadNotifySettings = async (client: Queryable) => notifySettingsFrom(await readSettingValues(client, NOTIFY_SETTING_KEYS));

/** The settings rows (by key) with the environment over them. */
export function notifySettingsFrom(values: Map<string, unknown>): NotifySettings {
  const fromEnv = smtpFromEnv();
  const stored = fromEnv ? null : smtpFromStored(values.get(NOTIFY_KEYS.smtp));
  const prefix = values.get(NOTIFY_KEYS.subjectPrefix);
  const footer = values.get(NOTIFY_KEYS.footer);
  return {
    smtp: fromEnv ?? stored,
    smtpSource: fromEnv ? 'env' : stored ? 'settings' : 'none',
    ctx: { baseUrl: publicUrl(), subjectPrefix: typeof prefix === 'string' ? prefix : DEFAULT_SUBJECT_PREFIX, footer: typeof footer === 'string' ? footer : '' },
  };
}

export const SIGNING_SECRET_CONTEXT = 'setting:notify.signing_secret';
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The instance's signing secret: it signs messages to a bare URL target (a task's callback URL),
 * which has no channel and so no secret of its own. Made on first use, sealed in settings.
 */
export async function instanceSigningSecret(client: Queryable): Promise<string> {
  const sealed = await settingOnce(client, NOTIFY_KEYS.signingSecret, seal(secretKeyring(), newSigningSecret(), SIGNING_SECRET_CONTEXT));
  return open(secretKeyring(), String(sealed), SIGNING_SECRET_CONTEXT);
}

/** The seal context of a channel's write-only part: a sealed value copied to another channel does not open. */
export const channelSealContext = (id: string) => `channel:${id}`;
