import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import type { AppConfig } from '../platform/config/config.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { Unauthenticated } from '../platform/errors.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { hashSecret, newSecret } from './credentials.js';
import { spentTokenVerdict, successorToken } from './session.rules.js';

/** Whom a session (a family of refresh tokens from one login) acts for. */
export interface SessionSubject {
  userId: string;
  tenantId: string | null;
  partnerId: string | null;
}

export interface IssuedSession {
  refreshToken: string;
  /** When the refresh token (and so its cookie) expires. */
  refreshExpiresAt: Date;
  familyId: string;
  subject: SessionSubject;
}

export interface RotationHooks {
  current(subject: SessionSubject): Promise<SessionSubject>;
  onReuse(subject: SessionSubject): Promise<void>;
}

/** Where a session row is written: the client, or the transaction that spends its predecessor. */
type SessionWriter = Pick<Prisma.TransactionClient, 'session'>;

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

/**
 * Rotating refresh tokens. Each refresh spends the presented token and issues the next one in the
 * same family; presenting a spent token after REFRESH_REUSE_GRACE_SECONDS means it leaked, so the
 * whole family is revoked.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(subject: SessionSubject, client: ClientInfo, familyId: string = randomUUID(), refreshToken = newSecret(32), db: SessionWriter = this.prisma.client): Promise<IssuedSession> {
    const refreshExpiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await db.session.create({
      data: {
        familyId,
        ...subject,
        tokenHash: hashSecret(refreshToken),
        expiresAt: refreshExpiresAt,
        ip: client.ip ?? null,
        userAgent: client.userAgent?.slice(0, 300) ?? null,
      },
    });
    return { refreshToken, refreshExpiresAt, familyId, subject };
  }

  /**
   * Spends `refreshToken` and returns its successor, acting for `hooks.current(subject)` (access may
   * have changed since login). Spending and issuing the successor is one transaction, so a second
   * refresh with the same token waits for it and then finds the successor stored: within the grace
   * period (two tabs refreshing at once) it gets that same successor; after it, the token was reused
   * and `hooks.onReuse` runs.
   */
  async rotate(refreshToken: string, client: ClientInfo, hooks: RotationHooks): Promise<IssuedSession> {
    const session = await this.prisma.client.session.findUnique({ where: { tokenHash: hashSecret(refreshToken) } });
    if (!session || session.revokedAt || session.expiresAt < new Date()) throw new Unauthenticated('Session expired');
    const subject = { userId: session.userId, tenantId: session.tenantId, partnerId: session.partnerId };
    const successor = successorToken(refreshToken, this.config.jwtSecret);
    if (!session.rotatedAt) {
      const next = await hooks.current(subject);
      const issued = await this.prisma.client.$transaction(async (tx) => {
        const spent = await tx.session.updateMany({ where: { id: session.id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: new Date() } });
        return spent.count === 1 ? this.start(next, client, session.familyId, successor, tx) : null;
      });
      if (issued) return issued;
    }
    return this.spentAgain(session.id, successor, hooks);
  }

  /** A refresh token presented after it was spent: the same successor within the grace period, else reuse. */
  private async spentAgain(sessionId: string, successor: string, hooks: RotationHooks): Promise<IssuedSession> {
    const session = await this.prisma.client.session.findUniqueOrThrow({ where: { id: sessionId } });
    if (session.revokedAt) throw new Unauthenticated('Session expired');
    const next = await this.prisma.client.session.findUnique({ where: { tokenHash: hashSecret(successor) } });
    const now = new Date();
    const sameLogin = next && next.familyId === session.familyId && !next.revokedAt && next.expiresAt > now;
    if (sameLogin && session.rotatedAt && spentTokenVerdict(session.rotatedAt, now, this.config.REFRESH_REUSE_GRACE_SECONDS) === 'same_successor') {
      return {
        refreshToken: successor,
        refreshExpiresAt: next.expiresAt,
        familyId: next.familyId,
        subject: { userId: next.userId, tenantId: next.tenantId, partnerId: next.partnerId },
      };
    }
    await this.revokeFamily(session.familyId);
    await hooks.onReuse({ userId: session.userId, tenantId: session.tenantId, partnerId: session.partnerId });
    throw new Unauthenticated('Refresh token reused: every session of this login was revoked');
  }

  /**
   * Whether `familyId` is a login of `userId` that is still live (neither logged out, revoked as
   * reused, nor expired), with the user's platform-admin flag as the database has it now; null if not.
   */
  async liveLogin(familyId: string, userId: string): Promise<{ isPlatformAdmin: boolean } | null> {
    const [row] = await this.prisma.client.$queryRaw<{ is_platform_admin: boolean }[]>`
      SELECT u.is_platform_admin FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.family_id = ${familyId}::uuid AND s.user_id = ${userId}::uuid AND s.revoked_at IS NULL AND s.expires_at > now()
       LIMIT 1`;
    return row ? { isPlatformAdmin: row.is_platform_admin } : null;
  }

  async revokeFamily(familyId: string): Promise<void> {
    // Access tokens of the family stop working at once too: the guard checks the family on each request.
    await this.prisma.client.session.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
}
