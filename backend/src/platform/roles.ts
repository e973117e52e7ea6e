/**
 * The membership roles, weakest first: a role can do everything the roles before it can. They live in
 * platform because the acting tenant's context (and the database's access setting) carries them;
 * auth decides who holds which (auth/roles.ts).
 */
export const ROLES = ['viewer', 'operator', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function hasRole(actual: Role | undefined, required: Role): boolean {
  return actual !== undefined && roleRank(actual) >= roleRank(required);
}
