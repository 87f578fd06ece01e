import type { Db } from '../db/client';
import { auditLog } from '../db/schema';
import { principalLabel, type Principal } from './auth/principal';

export type AuditInput = { action: string; targetType: string; targetId?: string | null; before?: unknown; after?: unknown };

// Keys that end like a secret's name (password, newPassword, SMTP_PASS, keyHash, apiKey...);
// anchored so that a fact about a secret, such as passwordChanged, stays readable.
const SECRET_KEYS = /(pass(word)?|secret|token|key_?hash|authorization|api[-_]?key|cookie|credentials?)$|^key$/i;

/** A copy with every secret-looking field replaced, at any depth. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

export async function writeAudit(db: Db, principal: Principal, ip: string, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    actorType: principal.kind,
    actorId: principal.id,
    actorLabel: principalLabel(principal),
    ip,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
  });
}
