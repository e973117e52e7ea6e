import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../platform/config/config.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { Unauthenticated } from '../platform/errors.js';
import { APP_CONFIG } from '../platform/tokens.js';
import { RedisService } from '../platform/redis/redis.service.js';
import { hashSecret, newSecret } from './credentials.js';

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

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

/**
 * Rotating refresh tokens. Each refresh spends the presented token and issues the next one in the
 * same family; presenting a spent token means it leaked, so the whole family is revoked.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(subject: SessionSubject, client: ClientInfo, familyId: string = randomUUID()): Promise<IssuedSession> {
    const refreshToken = newSecret(32);
    const refreshExpiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await this.prisma.client.session.create({
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
   * have changed since login); `hooks.onReuse` runs when a spent token comes back.
   */
  async rotate(refreshToken: string, client: ClientInfo, hooks: RotationHooks): Promise<IssuedSession> {
    const session = await this.prisma.client.session.findUnique({ where: { tokenHash: hashSecret(refreshToken) } });
    if (!session || session.revokedAt || session.expiresAt < new Date()) throw new Unauthenticated('Session expired');
    const spent = await this.prisma.client.session.updateMany({
      where: { id: session.id, rotatedAt: null },
      data: { rotatedAt: new Date() },
    });
    const subject = { userId: session.userId, tenantId: session.tenantId, partnerId: session.partnerId };
    if (spent.count === 0) {
      await this.revokeFamily(session.familyId);
      await hooks.onReuse(subject);
      throw new Unauthenticated('Refresh token reused: every session of this login was revoked');
    }
    return this.start(await hooks.current(subject), client, session.familyId);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.prisma.client.session.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    // Access tokens of the family stay valid until they expire unless the guard knows; tell it fast.
    await this.redis.client
      .set(this.redis.key('revoked-family', familyId), '1', 'EX', this.config.ACCESS_TOKEN_TTL_SECONDS)
      .catch(() => undefined);
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    try {
      return (await this.redis.client.exists(this.redis.key('revoked-family', familyId))) === 1;
    } catch {
      const revoked = await this.prisma.client.session.findFirst({ where: { familyId, revokedAt: { not: null } } });
      return revoked !== null;
    }
  }
}
