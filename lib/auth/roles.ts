import type { ApiKeyRole } from '../../db/schema';

const rank: Record<Exclude<ApiKeyRole, 'worker'>, number> = { viewer: 0, operator: 1, admin: 2 };

/**
 * viewer < operator < admin: a role may do what every lower role may. `worker` (a remote
 * worker's key) stands outside that order: it may claim and report on runs and nothing else,
 * and only it may claim.
 */
export function allows(role: ApiKeyRole, needed: ApiKeyRole): boolean {
  if (role === 'worker' || needed === 'worker') return role === needed;
  return rank[role] >= rank[needed];
}
