import { z } from 'zod';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { settings } from '../../../db/schema';
import { principalLabel } from '../../auth/principal';
import { DEFAULT_SUBJECT_PREFIX, NOTIFY_KEYS, NOTIFY_SETTING_KEYS, notifySettingsFrom, sealSmtpPassword, smtpFromEnv, storedSmtp } from '../../notify/config';
import { sendSmtpTest } from '../../notify/smtp-test';
import { AppError } from '../errors';
import { SecretKeyError } from '../../secrets/crypto';
import { route } from '../route';

// Settings → Email: the SMTP server (from SMTP_* when set there, read-only then), the subject
// prefix and footer, and "Send test email". The password is write-only.

async function readValues(db: Db): Promise<Map<string, unknown>> {
  const rows = await db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, NOTIFY_SETTING_KEYS));
  return new Map(rows.map((r) => [r.key, r.value]));
}

async function writeValue(db: Db, key: string, value: unknown, updatedBy: string | null): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedBy })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedBy: sql`excluded.updated_by`, updatedAt: sql`now()` } });
}

export async function readEmailSettings(db: Db) {
  const fromEnv = smtpFromEnv();
  const values = await readValues(db);
  const stored = storedSmtp.safeParse(values.get(NOTIFY_KEYS.smtp));
  const shown = fromEnv
    ? { host: fromEnv.host, port: fromEnv.port, secure: fromEnv.secure, user: fromEnv.user ?? '', from: fromEnv.from, passwordSet: Boolean(fromEnv.password) }
    : stored.success
      ? { host: stored.data.host, port: stored.data.port, secure: stored.data.secure, user: stored.data.user ?? '', from: stored.data.from, passwordSet: Boolean(stored.data.passwordSealed) }
      : null;
  const prefix = values.get(NOTIFY_KEYS.subjectPrefix);
  const footer = values.get(NOTIFY_KEYS.footer);
  return {
    source: fromEnv ? ('env' as const) : shown ? ('settings' as const) : ('none' as const),
    smtp: shown,
    subjectPrefix: typeof prefix === 'string' ? prefix : DEFAULT_SUBJECT_PREFIX,
    footer: typeof footer === 'string' ? footer : '',
  };
}
export type EmailSettingsJson = Awaited<ReturnType<typeof readEmailSettings>>;

const smtpInput = z
  .object({
    host: z.string().trim().min(1, 'must not be empty').max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or address'),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean().describe('TLS from the start (port 465); false uses STARTTLS when the server offers it'),
    user: z.string().max(256).optional(),
    password: z.string().max(1024).optional().describe('Write-only. Leave out to keep the stored one; an empty string removes it'),
    from: z.string().trim().min(3, 'must be a sender such as "Sundial <sundial@example.com>"').max(256),
  })
  .strict();

export const emailSettingsPatch = z
  .object({
    smtp: smtpInput.optional(),
    subjectPrefix: z.string().max(50).optional(),
    footer: z.string().max(500).optional(),
  })
  .strict();

export const getEmailSettingsRoute = route({ role: 'admin' }, async ({ db }) => ({ body: await readEmailSettings(db) }));

export const updateEmailSettingsRoute = route({ role: 'admin', body: emailSettingsPatch }, async ({ db, body, principal }) => {
  const before = await readEmailSettings(db);
  const by = principal.kind === 'user' ? principal.id : null;
  if (body.smtp) {
    if (before.source === 'env') throw new AppError('conflict', 'SMTP is set by the SMTP_* environment variables; change it there');
    const old = storedSmtp.safeParse((await readValues(db)).get(NOTIFY_KEYS.smtp));
    const { password, user, ...rest } = body.smtp;
    const passwordSealed = password === undefined ? (old.success ? old.data.passwordSealed : undefined) : password === '' ? undefined : sealSmtpPassword(password);
    await writeValue(db, NOTIFY_KEYS.smtp, { ...rest, user: user || undefined, passwordSealed }, by);
  }
  if (body.subjectPrefix !== undefined) await writeValue(db, NOTIFY_KEYS.subjectPrefix, body.subjectPrefix, by);
  if (body.footer !== undefined) await writeValue(db, NOTIFY_KEYS.footer, body.footer, by);
  const after = await readEmailSettings(db);
  return { body: after, audit: { action: 'settings.email', targetType: 'settings', targetId: 'email', before, after } };
});

export const smtpTestBody = z.object({ to: z.string().trim().pipe(z.email('must be an email address')) }).strict();

/** Sends now, from the web process, and answers within 15 s: the server's reply or the exact failure. */
export const smtpTestRoute = route({ role: 'admin', body: smtpTestBody }, async ({ db, body, principal }) => {
  const values = await readValues(db);
  let current;
  try {
    current = notifySettingsFrom(values);
  } catch (err) {
    if (err instanceof SecretKeyError) throw new AppError('conflict', `the stored SMTP password does not open: ${err.message}`);
    throw err;
  }
  if (!current.smtp) throw new AppError('conflict', 'SMTP is not set: fill in Settings → Email, or set SMTP_HOST and the other SMTP_* variables');
  const result = await sendSmtpTest(current.smtp, body.to, current.ctx, principalLabel(principal));
  return { body: result, audit: { action: 'settings.smtp_test', targetType: 'settings', targetId: 'email', after: { to: body.to, ...result } } };
});
