import { Module } from '@nestjs/common';
import { AlertsModule } from '../monitoring/alerts/alerts.module.js';
import { PipelineQueue } from './dispatch/pipeline-queue.js';
import { InboxService } from './inbox/inbox.service.js';

/** The sync pipeline: the inbox, fair drains per tenant, workflows into Sage Pro, dead letters, reviews. */
@Module({
  imports: [AlertsModule],
  providers: [PipelineQueue, InboxService],
  exports: [InboxService],
})
export class PipelineModule {}
