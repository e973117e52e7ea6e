import { Injectable } from '@nestjs/common';
import { AlertsService } from '../monitoring/alerts/alerts.service.js';
import { connectionAuthSignal } from '../monitoring/alerts/connection-auth.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import type { AnyOutcome } from './client/outcome.js';
import { connectionTestVerdict } from './connection-test.js';

/**
 * Raises `connection_auth` when PayTrace refuses a connection's login or API rights during a poll, a
 * lookup or a charge. The client has already retried once with a new token, so an AuthError here
 * means the credentials (or the user's rights) are wrong, not that a token expired.
 */
@Injectable()
export class PayTraceAuthAlerts {
  constructor(
    private readonly prisma: PrismaService,
    private readonly alerts: AlertsService,
  ) {}

  /** Never throws (the caller has its own failure to report); anything but an AuthError says nothing. */
  async check(tenantId: string, connectionId: string, outcome: AnyOutcome, during: string): Promise<void> {
    if (outcome.kind !== 'AuthError') return;
    const connection = await this.prisma
      .inScope({ tenantId }, (tx) => tx.payTraceConnection.findUnique({ where: { id: connectionId }, select: { name: true } }))
      .catch(() => null);
    const detail = `${connectionTestVerdict(outcome).message} (${outcome.code})`;
    await this.alerts.raise(tenantId, connectionAuthSignal({ system: 'paytrace', connectionId, connectionName: connection?.name ?? connectionId, during, detail }));
  }
}
