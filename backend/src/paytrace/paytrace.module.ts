import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module.js';
import { AlertsModule } from '../monitoring/alerts/alerts.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { PipelineModule } from '../pipeline/pipeline.module.js';
import { ChangeFeedJobs } from './change-feed/change-feed.jobs.js';
import { ChangeFeedService } from './change-feed/change-feed.service.js';
import { PayTraceNotificationsController } from './notifications.controller.js';
import { PayTracePayments } from './payments/paytrace-payments.service.js';
import { PayTraceAuthAlerts } from './paytrace-auth-alerts.service.js';
import { PayTraceClients } from './paytrace-clients.service.js';
import { PayTraceResolver } from './paytrace.resolver.js';

/** PayTrace: the client, the change feed (polls, backfills, notifications) and connection tests. */
@Module({
  imports: [AlertsModule, ConnectionsModule, MonitoringModule, PipelineModule],
  providers: [PayTraceClients, PayTraceAuthAlerts, ChangeFeedService, ChangeFeedJobs, PayTracePayments, PayTraceResolver],
  controllers: [PayTraceNotificationsController],
  exports: [PayTraceClients, ChangeFeedService, PayTracePayments],
})
export class PayTraceModule {}
