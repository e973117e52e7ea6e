import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring.module.js';
import { AlertEvaluator } from './alert-evaluator.service.js';
import { AlertSender } from './alert-sender.service.js';
import { AlertSettingsService } from './alert-settings.service.js';
import { AlertTargetSealer } from './alert-target-sealer.service.js';
import { AlertsJobs } from './alerts.jobs.js';
import { AlertsResolver } from './alerts.resolver.js';
import { AlertsService } from './alerts.service.js';

/** Alert rules and channels per tenant; grouped alerts delivered by email and signed webhook. */
@Module({
  imports: [MonitoringModule],
  providers: [AlertsService, AlertSender, AlertEvaluator, AlertSettingsService, AlertTargetSealer, AlertsJobs, AlertsResolver],
  exports: [AlertsService, AlertSettingsService],
})
export class AlertsModule {}
