import { FlowsModule } from '../flows/flows.module.js';
import { FlowTestRuns } from './api/flow-test-runs.service.js';
import { FlowTestRunsResolver } from './api/flow-test-runs.resolver.js';
import { ExchangeRatesModule } from '../flows/rates/exchange-rates.module.js';
import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module.js';
import { AlertsModule } from '../monitoring/alerts/alerts.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { DeadLettersService } from './api/dead-letters.service.js';
import { InboxBacklogMetrics } from './backlog/inbox-backlog.metrics.js';
import { ManualReviewsService } from './api/manual-reviews.service.js';
import { DeadLettersResolver, ManualReviewsResolver, SyncEventsResolver } from './api/pipeline.resolver.js';
import { SyncEventsService } from './api/sync-events.service.js';
import { DrainContexts } from './dispatch/drain-contexts.js';
import { DrainWorker } from './dispatch/drain.worker.js';
import { PipelineAlerts } from './dispatch/pipeline-alerts.js';
import { PipelineMetrics } from './dispatch/pipeline-metrics.js';
import { PipelineQueue } from './dispatch/pipeline-queue.js';
import { EventStore } from './inbox/event-store.js';
import { InboxService } from './inbox/inbox.service.js';
import { BatchProcessor } from './processing/batch-processor.js';
import { OrderWorkflow } from './processing/order-workflow.js';
import { PaymentWorkflow } from './processing/payment-workflow.js';
import { ReversalLock } from './processing/reversal-lock.js';
import { SettleFacts } from './processing/settle-facts.js';
import { RetentionModule } from './retention/retention.module.js';

/** The sync pipeline: the inbox, fair drains per tenant, workflows into Sage Pro, dead letters, reviews. */
@Module({
  imports: [AlertsModule, ConnectionsModule, ExchangeRatesModule, FlowsModule, MonitoringModule, RetentionModule],
  providers: [
    FlowTestRuns,
    FlowTestRunsResolver,
    PipelineQueue,
    InboxService,
    EventStore,
    DrainContexts,
    DrainWorker,
    BatchProcessor,
    PaymentWorkflow,
    OrderWorkflow,
    SettleFacts,
    ReversalLock,
    PipelineAlerts,
    PipelineMetrics,
    InboxBacklogMetrics,
    SyncEventsService,
    DeadLettersService,
    ManualReviewsService,
    SyncEventsResolver,
    DeadLettersResolver,
    ManualReviewsResolver,
  ],
  exports: [InboxService, DrainWorker, EventStore],
})
export class PipelineModule {}
