import { Module } from '@nestjs/common';
import { EventRetention } from './event-retention.service.js';
import { RetentionJobs } from './retention.jobs.js';

/** Retention of finished events' payloads and timelines (see backend/src/pipeline/README.md, "Retention"). */
@Module({
  providers: [EventRetention, RetentionJobs],
  exports: [EventRetention],
})
export class RetentionModule {}
