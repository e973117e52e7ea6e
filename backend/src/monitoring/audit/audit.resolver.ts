import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../../auth/decorators.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { type Connection, keysetQuery, readPage, toConnection } from '../../platform/graphql/pagination.js';
import { AuditEntry, AuditEntryConnection, AuditLogArgs } from './audit.types.js';

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly prisma: PrismaService) {}

  @RequireRole('admin')
  @Query(() => AuditEntryConnection, { description: "The tenant's audit log, newest first." })
  async auditLog(@Args() args: AuditLogArgs): Promise<Connection<AuditEntry>> {
    const page = readPage(args);
    const query = keysetQuery(page);
    const rows = await this.prisma.inTenant((tx) =>
      tx.auditEntry.findMany({ ...query, where: { ...query.where, ...(args.action ? { action: args.action } : {}) } }),
    );
    const actorIds = [...new Set(rows.map((row) => row.actorUserId).filter((id): id is string => Boolean(id)))];
    const users = await this.prisma.client.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } });
    const emails = new Map(users.map((user) => [user.id, user.email]));
    return toConnection(rows, page, (row) => ({
      ...row,
      actorEmail: row.actorUserId ? (emails.get(row.actorUserId) ?? null) : null,
      details: JSON.stringify(row.details),
    }));
  }
}
