import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../monitoring/metrics/metrics.service.js';

/** Webhook deliveries by endpoint format ('unknown' when no endpoint matched) and outcome. */
@Injectable()
export class WebhookMetrics {
  readonly deliveries: Counter<'format' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.deliveries = new Counter({
      name: 'settle_webhook_deliveries_total',
      help: 'Webhook deliveries by format and outcome (accepted, duplicate, or why they were refused)',
      labelNames: ['format', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }
}
