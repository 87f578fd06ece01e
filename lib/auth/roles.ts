import type { Role } from '../../db/schema';

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** viewer < operator < admin: a role may do what every lower role may. */
export function allows(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}
