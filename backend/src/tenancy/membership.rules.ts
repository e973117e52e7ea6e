import { canAssignRole, hasRole, type Role, roleRank } from '../auth/roles.js';

/**
 * Who may change the team. `forbidden`: this actor may not; `last-owner`: nobody may, because a
 * tenant without an owner could never again change its owners or its partner access.
 */
export type TeamRefusal = 'forbidden' | 'last-owner';

/** Whether `actor` may hand `role` to someone new (an invitee, a partner firm): never above their own. */
export function canGrant(actor: Role | undefined, role: Role): boolean {
  return actor !== undefined && hasRole(actor, 'admin') && roleRank(role) <= roleRank(actor);
}

/** Whether `actor` may take away access held with `role`: admins may, but only owners remove owners. */
export function canRemove(actor: Role | undefined, role: Role): boolean {
  return actor !== undefined && hasRole(actor, 'admin') && (role !== 'owner' || actor === 'owner');
}

/** Why moving a member from `current` to `next` is refused, if it is; `owners` counts the tenant's owners now. */
export function roleChangeRefusal(actor: Role | undefined, current: Role, next: Role, owners: number): TeamRefusal | undefined {
  if (actor === undefined || !canAssignRole(actor, current, next)) return 'forbidden';
  if (current === 'owner' && next !== 'owner' && owners <= 1) return 'last-owner';
  return undefined;
}

/** Why removing a member who holds `role` is refused, if it is; `owners` counts the tenant's owners now. */
export function removalRefusal(actor: Role | undefined, role: Role, owners: number): TeamRefusal | undefined {
  if (!canRemove(actor, role)) return 'forbidden';
  if (role === 'owner' && owners <= 1) return 'last-owner';
  return undefined;
}
