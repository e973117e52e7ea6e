import { Injectable } from '@nestjs/common';
import { AlertsService } from '../../monitoring/alerts/alerts.service.js';
import { connectionAuthSignal } from '../../monitoring/alerts/connection-auth.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { alertSignalsFor, type SageProLoginFailure, sageProLoginFailures } from '../processing/alert-signals.js';
import type { EventResult } from '../processing/event-result.js';

/** Raises the alerts a drain's results call for, after they are recorded (AlertsService never throws). */
@Injectable()
export class PipelineAlerts {
  constructor(
    private readonly alerts: AlertsService,
    private readonly prisma: PrismaService,
  ) {}

  async raiseFor(tenantId: string, results: EventResult[]): Promise<void> {
    for (const signal of results.flatMap(alertSignalsFor)) await this.alerts.raise(tenantId, signal);
    const refused = sageProLoginFailures(results);
    if (refused.length) await this.raiseLoginFailures(tenantId, refused).catch(() => undefined);
  }

  /** One connection_auth occurrence per refused event, grouped under the Sage Pro connection it used. */
  private async raiseLoginFailures(tenantId: string, refused: SageProLoginFailure[]): Promise<void> {
    const integrationIds = [...new Set(refused.map((failure) => failure.integrationId))];
    const integrations = await this.prisma.inScope({ tenantId }, async (tx) => {
      const rows = await tx.integration.findMany({ where: { id: { in: integrationIds } }, select: { id: true, sageProConnectionId: true } });
      const names = await tx.sageProConnection.findMany({ where: { id: { in: rows.map((row) => row.sageProConnectionId) } }, select: { id: true, name: true } });
      const nameOf = new Map(names.map((connection) => [connection.id, connection.name]));
      return new Map(rows.map((row) => [row.id, { connectionId: row.sageProConnectionId, connectionName: nameOf.get(row.sageProConnectionId) ?? row.sageProConnectionId }]));
    });
    for (const failure of refused) {
      const connection = integrations.get(failure.integrationId);
      if (!connection) continue;
      const signal = connectionAuthSignal({ system: 'sagepro', ...connection, during: 'writing to Sage Pro', detail: failure.reason, eventId: failure.eventId });
      await this.alerts.raise(tenantId, signal);
    }
  }
}
