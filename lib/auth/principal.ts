import type { Db } from '../../db/client';
import type { ApiKeyRole, Role } from '../../db/schema';
import { keyFromHeaders, verifyApiKey } from './api-keys';
import { authSecret } from './secret';
import { sessionToken } from './session-token';
import { sessionUser } from './sessions';

export type Principal =
  | { kind: 'user'; id: string; email: string; role: Role }
  | { kind: 'api_key'; id: string; name: string; prefix: string; role: ApiKeyRole; queues: string[] | null };

/** How the principal appears in the audit log. */
export function principalLabel(p: Principal): string {
  return p.kind === 'user' ? p.email : `API key "${p.name}" (${p.prefix}…)`;
}

/**
 * Who is calling: an API key (Authorization: Bearer, or X-API-Key) or a signed-in user.
 * The session and its user are read again on every call, so an ended session, a disabled user
 * or a changed role counts at once.
 */
export async function authenticate(headers: Headers, db: Db): Promise<Principal | null> {
  const key = keyFromHeaders(headers);
  if (key) {
    const record = await verifyApiKey(db, key);
    return record ? { kind: 'api_key', id: record.id, name: record.name, prefix: record.prefix, role: record.role, queues: record.queues } : null;
  }
  const token = await sessionToken(headers, authSecret());
  if (!token) return null;
  const user = await sessionUser(db, token.sid, token.sub);
  if (!user || user.disabledAt) return null;
  return { kind: 'user', id: user.id, email: user.email, role: user.role };
}
