import { Module } from '@nestjs/common';
import { AuditResolver } from './audit/audit.resolver.js';
import { AuditService } from './audit/audit.service.js';
import { HealthController } from './health/health.controller.js';
import { MetricsService } from './metrics/metrics.service.js';

/** Health, metrics and the audit log: how operators and tenants see what the platform is doing. */
@Module({
  providers: [AuditService, AuditResolver, MetricsService],
  // GET /metrics is a plain Fastify route (metrics/metrics-route.ts), outside the actor guard.
  controllers: [HealthController],
  exports: [AuditService, MetricsService],
})
export class MonitoringModule {}
