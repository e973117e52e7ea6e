import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Partner, TenantAccess } from '../auth/auth.types.js';
import { MeReader } from '../auth/me.reader.js';
import { canAssignRole, type Role } from '../auth/roles.js';
import { AuditService } from '../monitoring/audit/audit.service.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { Forbidden, InvalidInput, NotFound } from '../platform/errors.js';
import type { Connection } from '../platform/graphql/pagination.js';
import { parseInput } from '../platform/validation.js';
import { canGrant, canRemove } from './membership.rules.js';
import type { PartnerGrant, PartnerTenantsArgs } from './partners.types.js';

const uuid = z.uuid();
const partnerTenantsRules = z.object({
  first: z.number().int().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(50),
  after: z.string().max(200).optional().nullable(),
});

interface GrantRow {
  partnerId: string;
  role: Role;
  createdAt: Date;
}

/** Partner firms' access to this tenant, and (for a partner's user) the tenants their firm may enter. */
@Injectable()
export class PartnersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly meReader: MeReader,
  ) {}

  async grants(): Promise<PartnerGrant[]> {
    const rows = await this.prisma.inTenant((tx) => tx.partnerGrant.findMany({ orderBy: [{ createdAt: 'asc' }, { partnerId: 'asc' }] }));
    const partners = await this.partnersById(rows.map((row) => row.partnerId));
    return rows.map((row) => toGrant(row, partners.get(row.partnerId)!));
  }

  /** Grants (or changes) a partner firm's role here; nobody grants above their own role. */
  async grant(partnerId: string, role: Role): Promise<PartnerGrant> {
    parseInput(uuid, partnerId, 'partnerId');
    const actor = TenantContext.actor();
    if (!actor.userId) throw new Forbidden('Partner access is granted by people, not by API keys');
    if (!canGrant(actor.role, role)) throw new Forbidden(`You cannot grant ${role}, a role above your own`);
    // Partners are a platform table: any firm may be found by id, but only grants are tenant data.
    const partner = await this.prisma.client.partner.findUnique({ where: { id: partnerId }, select: { id: true, name: true } });
    if (!partner) throw new NotFound('Partner');
    const tenantId = actor.tenantId!;
    const row = await this.prisma.inTenant(async (tx) => {
      const key = { tenantId_partnerId: { tenantId, partnerId } };
      const current = await tx.partnerGrant.findUnique({ where: key });
      if (current && !canAssignRole(actor.role!, current.role, role)) throw new Forbidden('Only owners change an owner grant');
      if (current?.role === role) return current;
      const granted = await tx.partnerGrant.upsert({
        where: key,
        create: { tenantId, partnerId, role, grantedBy: actor.userId! },
        update: { role, grantedBy: actor.userId! },
      });
      await this.audit.record(
        {
          action: 'partner.access_granted',
          targetType: 'partner',
          targetId: partnerId,
          details: { partnerName: partner.name, role, previousRole: current?.role ?? null },
        },
        tx,
      );
      return granted;
    });
    return toGrant(row, partner);
  }

  /** Ends the firm's access; the guard reads grants on every request, so its users' tokens stop working at once. */
  async revoke(partnerId: string): Promise<boolean> {
    parseInput(uuid, partnerId, 'partnerId');
    const role = TenantContext.actor().role;
    await this.prisma.inTenant(async (tx) => {
      const key = { tenantId_partnerId: { tenantId: TenantContext.actor().tenantId!, partnerId } };
      const current = await tx.partnerGrant.findUnique({ where: key });
      if (!current) throw new NotFound('Partner access');
      if (!canRemove(role, current.role)) throw new Forbidden('Only owners revoke an owner grant');
      await tx.partnerGrant.delete({ where: key });
      await this.audit.record(
        { action: 'partner.access_revoked', targetType: 'partner', targetId: partnerId, details: { role: current.role } },
        tx,
      );
    });
    return true;
  }

  /** The tenants granted to the caller's partner firm, oldest grant first; `after` is the last tenant id seen. */
  /** The firm's granted tenants, a page at a time; the cursor is opaque (the last tenant seen). */
  async tenantsOf(userId: string, args: PartnerTenantsArgs): Promise<Connection<TenantAccess>> {
    const { first, after } = parseInput(partnerTenantsRules, args);
    const partnerId = await this.meReader.partnerIdOf(userId);
    const granted = partnerId ? (await this.meReader.tenantsOf(userId, partnerId)).filter((access) => access.viaPartner) : [];
    const afterId = after ? Buffer.from(after, 'base64url').toString('utf8') : undefined;
    const start = afterId ? granted.findIndex((access) => access.tenant.id === afterId) + 1 : 0;
    if (after && start === 0) throw new InvalidInput('after', 'is not a cursor of this list');
    const nodes = granted.slice(start, start + first);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: { endCursor: last ? Buffer.from(last.tenant.id).toString('base64url') : null, hasNextPage: start + first < granted.length },
    };
  }

  private async partnersById(ids: string[]): Promise<Map<string, Partner>> {
    const partners = await this.prisma.client.partner.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
    return new Map(partners.map((partner) => [partner.id, partner]));
  }
}

function toGrant(row: GrantRow, partner: Partner): PartnerGrant {
  return { partner, role: row.role, createdAt: row.createdAt };
}
