import { Module } from '@nestjs/common';
import { PipelineModule } from '../pipeline/pipeline.module.js';

/** Per-tenant webhook endpoints: POST /webhooks/<endpoint id>, verified, into the inbox. */
@Module({
  imports: [PipelineModule],
  providers: [],
  controllers: [],
})
export class WebhooksModule {}
