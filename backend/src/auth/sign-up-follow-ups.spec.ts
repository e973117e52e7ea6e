import { describe, expect, it, vi } from 'vitest';
import { TenantContext } from '../platform/database/tenant-context.js';
import { SignUpFollowUps } from './sign-up-follow-ups.js';

describe('SignUpFollowUps', () => {
  it('runs each follow-up as the new owner of the new tenant, in the order registered', async () => {
    const followUps = new SignUpFollowUps();
    const seen: unknown[] = [];
    followUps.register('first', async () => seen.push(['first', TenantContext.actor()]));
    followUps.register('second', async () => seen.push(['second', TenantContext.actor().tenantId]));
    await TenantContext.run({ requestId: 'r1', ip: '127.0.0.1' }, () => followUps.run({ tenantId: 't1', userId: 'u1' }));
    expect(seen).toEqual([
      ['first', { requestId: 'r1', ip: '127.0.0.1', tenantId: 't1', userId: 'u1', role: 'owner' }],
      ['second', 't1'],
    ]);
  });

  it('a follow-up that fails is logged and neither fails the sign-up nor stops the next one', async () => {
    const followUps = new SignUpFollowUps();
    const warn = vi.spyOn((followUps as unknown as { logger: { warn(message: string): void } }).logger, 'warn').mockImplementation(() => undefined);
    const after = vi.fn(async () => undefined);
    followUps.register('sandbox pairs', async () => {
      throw new Error('sandbox down');
    });
    followUps.register('after', after);
    await expect(followUps.run({ tenantId: 't1', userId: 'u1' })).resolves.toBeUndefined();
    expect(after).toHaveBeenCalledOnce();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/tenant t1: sandbox pairs not done at sign-up \(sandbox down\)/));
  });
});
