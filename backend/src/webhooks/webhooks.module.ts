import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { PipelineModule } from '../pipeline/pipeline.module.js';
import { EndpointDirectory } from './endpoint-directory.js';
import { WebhookEndpointsResolver } from './webhook-endpoints.resolver.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookMetrics } from './webhook-metrics.js';
import { WebhookReceiver } from './webhook-receiver.service.js';
import { WebhookRoute } from './webhook-route.js';

/** Per-tenant webhook endpoints: POST /webhooks/<endpoint id>, verified, into the inbox. */
@Module({
  imports: [PipelineModule, MonitoringModule],
  providers: [EndpointDirectory, WebhookMetrics, WebhookReceiver, WebhookRoute, WebhookEndpointsService, WebhookEndpointsResolver],
  exports: [WebhookEndpointsService],
})
export class WebhooksModule {}
