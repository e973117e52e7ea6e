import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { DeploymentsService } from './api/deployments.service.js';
import { FlowCharts } from './api/flow-charts.service.js';
import { FlowsResolver } from './api/flows.resolver.js';
import { FlowsService } from './api/flows.service.js';
import { PublishedFlows } from './api/published-flows.service.js';
import { SandboxPairsResolver } from './environments/sandbox-pairs.resolver.js';
import { SandboxPairsService } from './environments/sandbox-pairs.service.js';
import { MapperResolver } from './mapper/mapper.resolver.js';
import { MapperService } from './mapper/mapper.service.js';
import { SuggestionReranker } from './mapper/suggestion-reranker.js';
import { FlowPreviewResolver } from './preview/flow-preview.resolver.js';
import { FlowPreviewService } from './preview/flow-preview.service.js';
import { ExchangeRatesModule } from './rates/exchange-rates.module.js';

/**
 * Flows as data: each tenant's flows, their drafts and immutable versions, and which version each
 * environment (dev, qa, prod) runs. The pipeline asks PublishedFlows what to run.
 */
@Module({
  imports: [MonitoringModule, ConnectionsModule, AuthModule, ExchangeRatesModule],
  providers: [FlowsService, DeploymentsService, FlowCharts, PublishedFlows, FlowsResolver, FlowPreviewService, FlowPreviewResolver, SandboxPairsService, SandboxPairsResolver, MapperService, MapperResolver, SuggestionReranker],
  exports: [PublishedFlows, FlowsService, FlowPreviewService],
})
export class FlowsModule {}
