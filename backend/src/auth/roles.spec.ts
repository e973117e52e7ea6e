import { describe, expect, it } from 'vitest';
import { canAssignRole, hasRole, roleForScopes } from './roles.js';

describe('roles', () => {
  it('ranks roles so that stronger roles include weaker ones', () => {
    expect(hasRole('owner', 'admin')).toBe(true);
    expect(hasRole('admin', 'admin')).toBe(true);
    expect(hasRole('operator', 'admin')).toBe(false);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });

  it('maps API key scopes to the strongest role they grant', () => {
    expect(roleForScopes(['read'])).toBe('viewer');
    expect(roleForScopes(['read', 'write'])).toBe('operator');
    expect(roleForScopes(['admin', 'read'])).toBe('admin');
    expect(roleForScopes([])).toBeUndefined();
  });

  it('lets only owners make or unmake owners, and nobody grant above their own role', () => {
    expect(canAssignRole('admin', 'viewer', 'operator')).toBe(true);
    expect(canAssignRole('admin', 'viewer', 'owner')).toBe(false);
    expect(canAssignRole('admin', 'owner', 'viewer')).toBe(false);
    expect(canAssignRole('owner', 'admin', 'owner')).toBe(true);
    expect(canAssignRole('operator', 'viewer', 'viewer')).toBe(false);
  });
});
