import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Prisma } from '../generated/prisma/client.js';
import { AuditService } from '../monitoring/audit/audit.service.js';
import type { AppConfig } from '../platform/config/config.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import type { Actor } from '../platform/database/tenant-context.js';
import { InvalidInput, NotFound, Unauthenticated } from '../platform/errors.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { parseInput } from '../platform/validation.js';
import type { AccessClaims } from './authenticator.service.js';
import { signUpPartnerRules, signUpRules } from './auth.rules.js';
import type { AuthPayload, SignUpInput, SignUpPartnerInput } from './auth.types.js';
import { LoginThrottle } from './login-throttle.service.js';
import { MeReader } from './me.reader.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { type ClientInfo, type IssuedSession, type SessionSubject, SessionsService } from './sessions.service.js';
import { SignUpFollowUps } from './sign-up-follow-ups.js';
import { SignUpThrottle } from './sign-up-throttle.service.js';

export interface AuthResult {
  payload: AuthPayload;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export interface AuthenticatedUser {
  id: string;
  email: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly signUps: SignUpThrottle,
    private readonly audit: AuditService,
    private readonly meReader: MeReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly followUps: SignUpFollowUps,
  ) {}

  /** Creates a tenant and its owner in one transaction, then (outside it) its follow-ups, then signs the owner in. */
  async signUp(input: SignUpInput, client: ClientInfo): Promise<AuthResult> {
    await this.signUps.admit(client.ip);
    const { companyName, email, password, name } = parseInput(signUpRules, input);
    await this.assertEmailFree(email);
    const passwordHash = await hashPassword(password);
    const tenantId = randomUUID();
    const userId = randomUUID();
    await this.uniqueEmail(() =>
      this.prisma.inScope({ tenantId }, async (tx) => {
        await tx.user.create({ data: { id: userId, email, name: name ?? null, passwordHash } });
        await tx.tenant.create({ data: { id: tenantId, name: companyName } });
        await tx.membership.create({ data: { tenantId, userId, role: 'owner' } });
        await this.audit.record({ action: 'tenant.signed_up', tenantId, actorUserId: userId, targetType: 'tenant', targetId: tenantId }, tx);
      }),
    );
    await this.followUps.run({ tenantId, userId });
    return this.issue({ userId, tenantId, partnerId: null }, client);
  }

  /** Creates a partner organisation (a solution-architect firm) and its first user. */
  async signUpPartner(input: SignUpPartnerInput, client: ClientInfo): Promise<AuthResult> {
    await this.signUps.admit(client.ip);
    const { partnerName, email, password, name } = parseInput(signUpPartnerRules, input);
    await this.assertEmailFree(email);
    const passwordHash = await hashPassword(password);
    const userId = randomUUID();
    await this.uniqueEmail(() =>
      this.prisma.client.$transaction(async (tx) => {
        await tx.user.create({ data: { id: userId, email, name: name ?? null, passwordHash } });
        const partner = await tx.partner.create({ data: { name: partnerName } });
        await tx.partnerMember.create({ data: { partnerId: partner.id, userId } });
      }),
    );
    return this.issue({ userId, tenantId: null, partnerId: null }, client);
  }

  /** Checks a password under the login rate limits; used by the passport-local strategy. */
  async verifyCredentials(rawEmail: string, password: string, ip: string): Promise<AuthenticatedUser> {
    const email = String(rawEmail ?? '').trim().toLowerCase();
    await this.throttle.admit(email, ip);
    const user = await this.prisma.client.user.findUnique({ where: { email } });
    if (!(await verifyPassword(user?.passwordHash, String(password ?? '')))) {
      await this.throttle.recordFailure(email);
      const tenantId = user ? await this.meReader.defaultTenantOf(user.id) : null;
      await this.audit.record({ action: 'user.login_failed', tenantId, actorUserId: user?.id, details: { email, ip } });
      throw new Unauthenticated('Wrong email or password');
    }
    await this.throttle.recordSuccess(email);
    return { id: user!.id, email: user!.email };
  }

  async logIn(user: AuthenticatedUser, client: ClientInfo): Promise<AuthResult> {
    const tenantId = await this.meReader.defaultTenantOf(user.id);
    await this.prisma.client.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await this.audit.record({ action: 'user.logged_in', tenantId, actorUserId: user.id, details: { ip: client.ip } });
    return this.issue({ userId: user.id, tenantId, partnerId: null }, client);
  }

  async refresh(refreshToken: string | undefined, client: ClientInfo): Promise<AuthResult> {
    if (!refreshToken) throw new Unauthenticated('No refresh token');
    const session = await this.sessions.rotate(refreshToken, client, {
      current: (subject) => this.withCurrentAccess(subject),
      onReuse: (subject) =>
        this.audit.record({
          action: 'session.reuse_detected',
          tenantId: subject.tenantId,
          actorUserId: subject.userId,
          actorPartnerId: subject.partnerId ?? undefined,
          details: { ip: client.ip },
        }),
    });
    return this.tokensFor(session);
  }

  /** A session whose tenant access ended (removed, grant revoked) falls back to the user's default tenant. */
  private async withCurrentAccess(subject: SessionSubject): Promise<SessionSubject> {
    if (!subject.tenantId) return subject;
    const stillThere = (await this.meReader.tenantsOf(subject.userId)).some(
      (access) => access.tenant.id === subject.tenantId && access.viaPartner === Boolean(subject.partnerId),
    );
    if (stillThere) return subject;
    return { userId: subject.userId, tenantId: await this.meReader.defaultTenantOf(subject.userId), partnerId: null };
  }

  async logOut(actor: Actor): Promise<void> {
    if (actor.sessionFamilyId) await this.sessions.revokeFamily(actor.sessionFamilyId);
    await this.audit.record({ action: 'user.logged_out' });
  }

  /** Signs in a user who proved who they are another way (accepting an invitation), acting in `tenantId`. */
  async signInTo(userId: string, tenantId: string, client: ClientInfo): Promise<AuthResult> {
    await this.prisma.client.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
    return this.issue({ userId, tenantId, partnerId: null }, client);
  }

  /** Moves the session to another tenant the user belongs to or their partner firm was granted. */
  async switchTenant(actor: Actor, tenantId: string, client: ClientInfo): Promise<AuthResult> {
    const userId = actor.userId!;
    const access = (await this.meReader.tenantsOf(userId)).find((t) => t.tenant.id === tenantId);
    if (!access) throw new NotFound('Tenant');
    const partnerId = access.viaPartner ? await this.meReader.partnerIdOf(userId) : null;
    if (actor.sessionFamilyId) await this.sessions.revokeFamily(actor.sessionFamilyId);
    if (partnerId) {
      await this.audit.record({
        action: 'partner.switched_tenant',
        tenantId,
        actorUserId: userId,
        actorPartnerId: partnerId,
        targetType: 'tenant',
        targetId: tenantId,
      });
    }
    return this.issue({ userId, tenantId, partnerId }, client);
  }

  private async issue(subject: SessionSubject, client: ClientInfo): Promise<AuthResult> {
    const session = await this.sessions.start(subject, client);
    return this.tokensFor(session);
  }

  private async tokensFor({ subject, refreshToken, refreshExpiresAt, familyId }: IssuedSession): Promise<AuthResult> {
    const me = await this.meReader.read(subject);
    const claims: AccessClaims = {
      sub: subject.userId,
      tid: subject.tenantId ?? undefined,
      pid: subject.partnerId ?? undefined,
      fam: familyId,
      adm: me.isPlatformAdmin || undefined,
    };
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: ttl });
    return { payload: { accessToken, expiresAt: new Date(Date.now() + ttl * 1000), me }, refreshToken, refreshExpiresAt };
  }

  private async assertEmailFree(email: string): Promise<void> {
    const existing = await this.prisma.client.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) throw new InvalidInput('email', 'is already registered');
  }

  /** Two sign-ups racing for one email: the loser gets the same answer as a plain duplicate. */
  private async uniqueEmail<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new InvalidInput('email', 'is already registered');
      }
      throw error;
    }
  }
}
