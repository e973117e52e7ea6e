import type { Role } from '../graphql';

export const ROLES: { id: Role; name: string }[] = [
  { id: 'owner', name: 'Owner' },
  { id: 'admin', name: 'Admin' },
  { id: 'operator', name: 'Operator' },
  { id: 'viewer', name: 'Viewer' },
];
export const roleName = (role: string) => ROLES.find(r => r.id === role)?.name ?? role;
