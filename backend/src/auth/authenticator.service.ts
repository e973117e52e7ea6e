import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PrismaService } from '../platform/database/prisma.service.js';
import type { Actor } from '../platform/database/tenant-context.js';
import { Unauthenticated } from '../platform/errors.js';
import { looksLikeApiKey, parseApiKey, sameHash, hashSecret } from './credentials.js';
import { roleForScopes, type ApiKeyScope, type Role } from './roles.js';
import { accessTokenProblem } from './session.rules.js';
import { SessionsService } from './sessions.service.js';

export interface AccessClaims {
  sub: string;
  tid?: string;
  pid?: string;
  fam: string;
  /** Shown to the portal only: the guard reads the flag from the database on every request. */
  adm?: boolean;
}

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  key_hash: string;
  scopes: ApiKeyScope[];
  created_by: string;
  revoked_at: Date | null;
}

/** Marks last use at most once a minute per key, so a busy script does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Turns an `Authorization: Bearer` credential (a JWT access token or an API key) into the actor of
 * the request. Roles (and the platform-admin flag) are read from the database on every request, so a
 * removed member, a demoted admin, a revoked key or a logged-out session loses access at once.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * The caller of `request`, looked up once per request: the GraphQL cost check and the guard in front
   * of every field (and alias) all ask, and each answer would be a session and role read.
   */
  authenticateRequest(request: { headers: { authorization?: string } }): Promise<Actor> {
    let pending = this.byRequest.get(request);
    if (!pending) this.byRequest.set(request, (pending = this.authenticate(request.headers.authorization)));
    return pending;
  }

  private readonly byRequest = new WeakMap<object, Promise<Actor>>();

  async authenticate(authorization: string | undefined): Promise<Actor> {
    if (!authorization) return {};
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new Unauthenticated('Use Authorization: Bearer <token>');
    return looksLikeApiKey(token) ? this.fromApiKey(token) : this.fromAccessToken(token);
  }

  private async fromApiKey(key: string): Promise<Actor> {
    const parts = parseApiKey(key);
    if (!parts) throw new Unauthenticated('Invalid API key');
    const [row] = await this.prisma.client.$queryRaw<ApiKeyRow[]>`SELECT * FROM auth_find_api_key(${parts.prefix})`;
    if (!row || row.revoked_at || !sameHash(row.key_hash, hashSecret(parts.secret))) {
      throw new Unauthenticated('Invalid or revoked API key');
    }
    await this.prisma.inScope({ tenantId: row.tenant_id }, (tx) =>
      tx.apiKey.updateMany({
        where: {
          id: row.id,
          OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - LAST_USED_RESOLUTION_MS) } }],
        },
        data: { lastUsedAt: new Date() },
      }),
    );
    return { tenantId: row.tenant_id, apiKeyId: row.id, role: roleForScopes(row.scopes) };
  }

  private async fromAccessToken(token: string): Promise<Actor> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch {
      throw new Unauthenticated('Invalid or expired access token');
    }
    const problem = accessTokenProblem(claims as unknown as Record<string, unknown>);
    if (problem) throw new Unauthenticated(`Invalid access token: ${problem}`);
    // The session family must be a live login of this user, and the platform-admin flag is the
    // database's, not the token's `adm`: a signed claim cannot outlive a logout or a demotion.
    const login = await this.sessions.liveLogin(claims.fam, claims.sub);
    if (!login) throw new Unauthenticated('Session revoked');
    const actor: Actor = { userId: claims.sub, partnerId: claims.pid, sessionFamilyId: claims.fam, isPlatformAdmin: login.isPlatformAdmin };
    if (!claims.tid) return actor;
    const role = await this.roleIn(claims.tid, claims.sub, claims.pid);
    if (!role) throw new Unauthenticated('Your access to this tenant has ended');
    return { ...actor, tenantId: claims.tid, role };
  }

  /** The role a user (acting for a partner, when `partnerId` is set) holds in a tenant, if any. */
  async roleIn(tenantId: string, userId: string, partnerId?: string | null): Promise<Role | undefined> {
    return this.prisma.inScope({ tenantId }, async (tx) => {
      if (partnerId) {
        const grant = await tx.partnerGrant.findUnique({ where: { tenantId_partnerId: { tenantId, partnerId } } });
        return grant?.role;
      }
      const membership = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
      return membership?.role;
    });
  }
}
