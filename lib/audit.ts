import type { Db } from '../db/client';
import { auditLog } from '../db/schema';
import { principalLabel, type Principal } from './auth/principal';
import { redact } from './redact';

export type AuditInput = { action: string; targetType: string; targetId?: string | null; before?: unknown; after?: unknown };

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
