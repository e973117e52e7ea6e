import { Injectable } from '@nestjs/common';
import { PrismaService } from '../platform/database/prisma.service.js';
import { Unauthenticated } from '../platform/errors.js';
import type { Me, TenantAccess } from './auth.types.js';
import type { SessionSubject } from './sessions.service.js';

/**
 * What a signed-in person can see of themselves: their tenants (through memberships and through
 * their partner firm's grants). Reads run in a user/partner scope, never across all tenants.
 */
@Injectable()
export class MeReader {
  constructor(private readonly prisma: PrismaService) {}

  async read(subject: SessionSubject): Promise<Me> {
    const user = await this.prisma.client.user.findUnique({ where: { id: subject.userId } });
    if (!user) throw new Unauthenticated('User no longer exists');
    const partner = await this.partnerOf(user.id);
    const tenants = await this.tenantsOf(user.id, partner?.id);
    const current = tenants.find((t) => t.tenant.id === subject.tenantId && t.viaPartner === Boolean(subject.partnerId));
    return {
      user: { id: user.id, email: user.email, name: user.name },
      tenant: current?.tenant ?? null,
      role: current?.role ?? null,
      partner,
      isPlatformAdmin: user.isPlatformAdmin,
      tenants,
    };
  }

  async tenantsOf(userId: string, partnerId?: string | null): Promise<TenantAccess[]> {
    const partner = partnerId === undefined ? await this.partnerIdOf(userId) : partnerId;
    return this.prisma.inScope({ userId, partnerId: partner ?? undefined }, async (tx) => {
      const memberships = await tx.membership.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
      const grants = partner ? await tx.partnerGrant.findMany({ where: { partnerId: partner }, orderBy: { createdAt: 'asc' } }) : [];
      const ids = [...memberships, ...grants].map((row) => row.tenantId);
      const tenants = new Map((await tx.tenant.findMany({ where: { id: { in: ids } } })).map((t) => [t.id, t]));
      const direct = memberships.map((m) => ({ tenant: tenants.get(m.tenantId)!, role: m.role, viaPartner: false }));
      const memberOf = new Set(memberships.map((m) => m.tenantId));
      const viaPartner = grants
        .filter((g) => !memberOf.has(g.tenantId))
        .map((g) => ({ tenant: tenants.get(g.tenantId)!, role: g.role, viaPartner: true }));
      return [...direct, ...viaPartner].filter((access) => access.tenant);
    });
  }

  async defaultTenantOf(userId: string): Promise<string | null> {
    const [first] = await this.tenantsOf(userId, null);
    return first?.tenant.id ?? null;
  }

  async partnerIdOf(userId: string): Promise<string | null> {
    return (await this.partnerOf(userId))?.id ?? null;
  }

  private async partnerOf(userId: string) {
    const link = await this.prisma.client.partnerMember.findFirst({ where: { userId }, orderBy: { createdAt: 'asc' } });
    if (!link) return null;
    const partner = await this.prisma.client.partner.findUnique({ where: { id: link.partnerId } });
    return partner ? { id: partner.id, name: partner.name } : null;
  }
}
