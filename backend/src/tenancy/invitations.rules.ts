import type { Role } from '../auth/roles.js';

export type InvitationState = 'pending' | 'accepted' | 'expired';

export function invitationState(invitation: { expiresAt: Date; acceptedAt: Date | null }, now = new Date()): InvitationState {
  if (invitation.acceptedAt) return 'accepted';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** The portal route that accepts an invitation; the token travels in the fragment's query, never to a server log. */
export function acceptInvitationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/accept-invitation?token=${encodeURIComponent(token)}`;
}

export interface InvitationEmail {
  tenantName: string;
  inviter: string;
  role: Role;
  link: string;
  token: string;
  expiresAt: Date;
}

/**
 * Plain ASCII text: the token also stands on its own line, so it can be pasted when a mail client
 * breaks or rewrites the link.
 */
export function invitationEmail(invitation: InvitationEmail): { subject: string; text: string } {
  const { tenantName, inviter, role, link, token, expiresAt } = invitation;
  return {
    subject: `You are invited to ${tenantName} on Settle`,
    text: [
      `${inviter} invited you to join ${tenantName} on Settle as ${role}.`,
      '',
      'Accept the invitation:',
      link,
      '',
      `Invitation token: ${token}`,
      '',
      `The invitation expires at ${expiresAt.toISOString()}. If you did not expect it, ignore this email.`,
    ].join('\n'),
  };
}
