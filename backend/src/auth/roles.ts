import { hasRole, type Role, roleRank } from '../platform/roles.js';

export { hasRole, ROLES, type Role, roleRank } from '../platform/roles.js';

export const API_KEY_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What an API key may do, expressed as the role it acts with. */
const ROLE_OF_SCOPE: Record<ApiKeyScope, Role> = { read: 'viewer', write: 'operator', admin: 'admin' };

export function roleForScopes(scopes: readonly ApiKeyScope[]): Role | undefined {
  return scopes
    .map((scope) => ROLE_OF_SCOPE[scope])
    .reduce<Role | undefined>((best, role) => (best === undefined || roleRank(role) > roleRank(best) ? role : best), undefined);
}

/**
 * Whether `actor` may give `target` the role `newRole`: only owners make or unmake owners, and nobody
 * hands out a role above their own.
 */
export function canAssignRole(actor: Role, current: Role, newRole: Role): boolean {
  if (!hasRole(actor, 'admin')) return false;
  if ((current === 'owner' || newRole === 'owner') && actor !== 'owner') return false;
  return roleRank(newRole) <= roleRank(actor);
}
