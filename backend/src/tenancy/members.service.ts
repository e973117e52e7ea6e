import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { User } from '../auth/auth.types.js';
import type { Role } from '../auth/roles.js';
import { AuditService } from '../monitoring/audit/audit.service.js';
import { PrismaService, type Tx } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { NotFound } from '../platform/errors.js';
import { type Connection, keysetQuery, type Page, toConnection } from '../platform/graphql/pagination.js';
import { parseInput } from '../platform/validation.js';
import { removalRefusal, roleChangeRefusal } from './membership.rules.js';
import type { Membership } from './members.types.js';
import { refuseIf } from './team.errors.js';

const uuid = z.uuid();

interface MembershipRow {
  id: string;
  userId: string;
  role: Role;
  createdAt: Date;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async list(page: Page): Promise<Connection<Membership>> {
    const rows = await this.prisma.inTenant((tx) => tx.membership.findMany(keysetQuery(page)));
    const users = await this.usersById(rows.map((row) => row.userId));
    return toConnection(rows, page, (row) => toMembership(row, users));
  }

  async changeRole(membershipId: string, role: Role): Promise<Membership> {
    parseInput(uuid, membershipId, 'membershipId');
    const row = await this.prisma.inTenant(async (tx) => {
      const { membership, owners } = await this.lockTeam(tx, membershipId);
      refuseIf(roleChangeRefusal(TenantContext.actor().role, membership.role, role, owners), 'role');
      if (membership.role === role) return membership;
      const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
      await this.audit.record(
        {
          action: 'member.role_changed',
          targetType: 'membership',
          targetId: membership.id,
          details: { userId: membership.userId, from: membership.role, to: role },
        },
        tx,
      );
      return updated;
    });
    return toMembership(row, await this.usersById([row.userId]));
  }

  /** Deletes the membership only: the guard reads roles on every request, so the member's tokens stop working at once. */
  async remove(membershipId: string): Promise<boolean> {
    parseInput(uuid, membershipId, 'membershipId');
    await this.prisma.inTenant(async (tx) => {
      const { membership, owners } = await this.lockTeam(tx, membershipId);
      refuseIf(removalRefusal(TenantContext.actor().role, membership.role, owners), 'membershipId');
      await tx.membership.delete({ where: { id: membership.id } });
      await this.audit.record(
        {
          action: 'member.removed',
          targetType: 'membership',
          targetId: membership.id,
          details: { userId: membership.userId, role: membership.role },
        },
        tx,
      );
    });
    return true;
  }

  /**
   * Locks the tenant row first, so a tenant's membership changes run one at a time: two owners
   * demoting each other at once would otherwise both see the other one and leave no owner.
   */
  private async lockTeam(tx: Tx, membershipId: string) {
    const tenantId = TenantContext.actor().tenantId!;
    await tx.$queryRaw`SELECT id FROM tenants WHERE id = ${tenantId}::uuid FOR UPDATE`;
    const membership = await tx.membership.findUnique({ where: { id: membershipId } });
    if (!membership) throw new NotFound('Member');
    const owners = await tx.membership.count({ where: { tenantId, role: 'owner' } });
    return { membership, owners };
  }

  /** Users are platform rows: read by the ids the tenant-scoped memberships gave. */
  private async usersById(ids: string[]): Promise<Map<string, User>> {
    const users = await this.prisma.client.user.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, email: true, name: true },
    });
    return new Map(users.map((user) => [user.id, user]));
  }
}

function toMembership(row: MembershipRow, users: Map<string, User>): Membership {
  return { id: row.id, user: users.get(row.userId)!, role: row.role, createdAt: row.createdAt };
}
