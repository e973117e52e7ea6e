import { describe, expect, it } from 'vitest';
import { canGrant, canRemove, removalRefusal, roleChangeRefusal } from './membership.rules.js';

describe('membership rules', () => {
  it('lets admins and owners hand out roles up to their own, and nobody else', () => {
    expect(canGrant('owner', 'owner')).toBe(true);
    expect(canGrant('admin', 'admin')).toBe(true);
    expect(canGrant('admin', 'viewer')).toBe(true);
    expect(canGrant('admin', 'owner')).toBe(false);
    expect(canGrant('operator', 'viewer')).toBe(false);
    expect(canGrant(undefined, 'viewer')).toBe(false);
  });

  it('lets only owners remove owners', () => {
    expect(canRemove('owner', 'owner')).toBe(true);
    expect(canRemove('admin', 'admin')).toBe(true);
    expect(canRemove('admin', 'owner')).toBe(false);
    expect(canRemove('operator', 'viewer')).toBe(false);
    expect(canRemove(undefined, 'viewer')).toBe(false);
  });

  it('never demotes the last owner, whoever asks', () => {
    expect(roleChangeRefusal('owner', 'owner', 'admin', 1)).toBe('last-owner');
    expect(roleChangeRefusal('owner', 'owner', 'admin', 2)).toBeUndefined();
    expect(roleChangeRefusal('owner', 'owner', 'owner', 1)).toBeUndefined();
    expect(roleChangeRefusal('owner', 'viewer', 'owner', 1)).toBeUndefined();
  });

  it('refuses role changes the actor may not make before counting owners', () => {
    expect(roleChangeRefusal('admin', 'owner', 'viewer', 1)).toBe('forbidden');
    expect(roleChangeRefusal('admin', 'viewer', 'owner', 3)).toBe('forbidden');
    expect(roleChangeRefusal('admin', 'viewer', 'admin', 1)).toBeUndefined();
    expect(roleChangeRefusal('operator', 'viewer', 'viewer', 1)).toBe('forbidden');
    expect(roleChangeRefusal(undefined, 'viewer', 'viewer', 1)).toBe('forbidden');
  });

  it('never removes the last owner, and lets admins remove anyone but owners', () => {
    expect(removalRefusal('owner', 'owner', 1)).toBe('last-owner');
    expect(removalRefusal('owner', 'owner', 2)).toBeUndefined();
    expect(removalRefusal('admin', 'owner', 2)).toBe('forbidden');
    expect(removalRefusal('admin', 'admin', 1)).toBeUndefined();
    expect(removalRefusal('viewer', 'viewer', 1)).toBe('forbidden');
  });
});
