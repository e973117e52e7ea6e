import { describe, expect, it } from 'vitest';
import { acceptInvitationLink, invitationEmail, invitationState } from './invitations.rules.js';

describe('invitation rules', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('is pending until it expires or is accepted', () => {
    expect(invitationState({ expiresAt: new Date('2026-03-01T12:00:01Z'), acceptedAt: null }, now)).toBe('pending');
    expect(invitationState({ expiresAt: now, acceptedAt: null }, now)).toBe('expired');
    expect(invitationState({ expiresAt: new Date('2026-03-02T00:00:00Z'), acceptedAt: now }, now)).toBe('accepted');
    expect(invitationState({ expiresAt: new Date('2026-02-01T00:00:00Z'), acceptedAt: now }, now)).toBe('accepted');
  });

  it('links to the portal route that accepts it', () => {
    expect(acceptInvitationLink('https://settle.example.com/', 'abc_-1')).toBe('https://settle.example.com/accept-invitation?token=abc_-1');
  });

  it('carries the link and the bare token on its own line', () => {
    const { subject, text } = invitationEmail({
      tenantName: 'Acme',
      inviter: 'Olivia',
      role: 'operator',
      link: 'http://localhost:3000/accept-invitation?token=t0k',
      token: 't0k',
      expiresAt: now,
    });
    expect(subject).toBe('You are invited to Acme on Settle');
    expect(text).toContain('Olivia invited you to join Acme on Settle as operator.');
    expect(text.split('\n')).toContain('http://localhost:3000/accept-invitation?token=t0k');
    expect(text.split('\n')).toContain('Invitation token: t0k');
    expect(text).toContain('2026-03-01T12:00:00.000Z');
  });
});
