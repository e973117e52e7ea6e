import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module.js';
import { FlowsModule } from '../flows/flows.module.js';
import { AlertsModule } from '../monitoring/alerts/alerts.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { PayTraceModule } from '../paytrace/paytrace.module.js';
import { ReconciliationReports } from './reconciliation-reports.service.js';
import { ReconciliationResolver } from './reconciliation.resolver.js';
import { ReconciliationService } from './reconciliation.service.js';

/** Reconciliation (issue #15): PayTrace against Sage Pro, every cent explained. See README.md. */
@Module({
  imports: [AlertsModule, ConnectionsModule, FlowsModule, MonitoringModule, PayTraceModule],
  providers: [ReconciliationService, ReconciliationReports, ReconciliationResolver],
})
export class ReconciliationModule {}
