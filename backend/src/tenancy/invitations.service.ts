import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { emailRule, passwordRule, personNameRule } from '../auth/auth.rules.js';
import { AuthService, type AuthResult } from '../auth/auth.service.js';
import { hashSecret, newSecret } from '../auth/credentials.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { ROLES, type Role } from '../auth/roles.js';
import type { ClientInfo } from '../auth/sessions.service.js';
import { AuditService } from '../monitoring/audit/audit.service.js';
import type { AppConfig } from '../platform/config/config.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { Forbidden, InvalidInput } from '../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../platform/graphql/pagination.js';
import { MailService } from '../platform/mail/mail.service.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { parseInput } from '../platform/validation.js';
import type { AcceptInvitationInput, InviteInput } from './invitations.inputs.js';
import { acceptInvitationLink, invitationEmail, invitationState } from './invitations.rules.js';
import type { Invitation } from './invitations.types.js';
import { canGrant } from './membership.rules.js';

const inviteRules = z.object({ email: emailRule, role: z.enum(ROLES) });
const acceptRules = z.object({
  token: z.string().trim().min(1, 'is required').max(200, 'is not valid'),
  password: z.string().max(256, 'must be at most 256 characters'),
  name: personNameRule,
});
const newAccountRules = z.object({ password: passwordRule });

/** A row of auth_find_invitation(): the one lookup that may see across tenants, by the token's hash. */
interface FoundInvitation {
  id: string;
  tenant_id: string;
  email: string;
  role: Role;
  expires_at: Date;
  accepted_at: Date | null;
}

@Injectable()
export class InvitationsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(page: Page): Promise<Connection<Invitation>> {
    return this.prisma.inTenant(async (tx) => toConnection(await tx.invitation.findMany(keysetQuery(page)), page, toInvitation));
  }

  /** Creates the invitation (replacing a pending one for the same email) and emails its token. */
  async invite(input: InviteInput): Promise<Invitation> {
    const { email, role } = parseInput(inviteRules, input);
    const actor = TenantContext.actor();
    if (!actor.userId) throw new Forbidden('Invitations are sent by people, not by API keys');
    if (!canGrant(actor.role, role)) throw new Forbidden(`You cannot invite someone as ${role}, a role above your own`);
    const tenantId = actor.tenantId!;
    const invitee = await this.prisma.client.user.findUnique({ where: { email }, select: { id: true } });
    const inviter = await this.prisma.client.user.findUnique({ where: { id: actor.userId }, select: { email: true, name: true } });
    const token = newSecret();
    const expiresAt = new Date(Date.now() + this.config.INVITATION_TTL_HOURS * 3_600_000);

    const { invitation, tenantName } = await this.prisma.inTenant(async (tx) => {
      if (invitee && (await tx.membership.findUnique({ where: { tenantId_userId: { tenantId, userId: invitee.id } } }))) {
        throw new InvalidInput('email', 'is already a member of this tenant');
      }
      const replaced = await tx.invitation.deleteMany({ where: { tenantId, email, acceptedAt: null } });
      const row = await tx.invitation.create({
        data: { tenantId, email, role, tokenHash: hashSecret(token), invitedBy: actor.userId!, expiresAt },
      });
      await this.audit.record(
        { action: 'member.invited', targetType: 'invitation', targetId: row.id, details: { email, role, replaced: replaced.count } },
        tx,
      );
      const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { name: true } });
      return { invitation: row, tenantName: tenant?.name ?? 'a company' };
    });

    const link = acceptInvitationLink(this.config.publicUrl, token);
    const inviterName = inviter?.name || inviter?.email || 'A colleague';
    await this.mail.send({ to: email, ...invitationEmail({ tenantName, inviter: inviterName, role, link, token, expiresAt }) });
    return toInvitation(invitation);
  }

  /**
   * Joins the invitation's tenant: an existing account proves itself with its password, otherwise
   * the account is created. The membership, the acceptance and the audit entry commit together.
   */
  async accept(input: AcceptInvitationInput, client: ClientInfo): Promise<AuthResult> {
    const { token, password, name } = parseInput(acceptRules, input);
    const [found] = await this.prisma.client.$queryRaw<FoundInvitation[]>`SELECT * FROM auth_find_invitation(${hashSecret(token)})`;
    if (!found) throw new InvalidInput('token', 'is not a valid invitation');
    const state = invitationState({ expiresAt: found.expires_at, acceptedAt: found.accepted_at });
    if (state === 'accepted') throw new InvalidInput('token', 'has already been used');
    if (state === 'expired') throw new InvalidInput('token', 'has expired; ask for a new invitation');

    const existing = await this.prisma.client.user.findUnique({ where: { email: found.email } });
    let passwordHash: string | null = null;
    if (existing) {
      if (!(await verifyPassword(existing.passwordHash, password))) {
        throw new InvalidInput('password', 'does not match the existing account of this email');
      }
    } else {
      parseInput(newAccountRules, { password });
      passwordHash = await hashPassword(password);
    }
    const userId = existing?.id ?? randomUUID();

    await this.prisma.inScope({ tenantId: found.tenant_id }, async (tx) => {
      if (!existing) await tx.user.create({ data: { id: userId, email: found.email, name: name || null, passwordHash } });
      // Spending the invitation first makes a second, concurrent acceptance fail here.
      const spent = await tx.invitation.updateMany({ where: { id: found.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
      if (spent.count === 0) throw new InvalidInput('token', 'has already been used');
      // Someone who became a member meanwhile keeps the role they have.
      const joined = await tx.membership.createMany({ data: [{ tenantId: found.tenant_id, userId, role: found.role }], skipDuplicates: true });
      await this.audit.record(
        {
          action: 'member.joined',
          tenantId: found.tenant_id,
          actorUserId: userId,
          targetType: 'invitation',
          targetId: found.id,
          details: { email: found.email, role: found.role, newAccount: !existing, alreadyMember: joined.count === 0 },
        },
        tx,
      );
    });
    return this.auth.signInTo(userId, found.tenant_id, client);
  }
}

/** Only the fields the API shows: the token hash stays in the database. */
function toInvitation(row: Invitation): Invitation {
  return { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt, acceptedAt: row.acceptedAt, createdAt: row.createdAt };
}
