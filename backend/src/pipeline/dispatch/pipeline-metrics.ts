import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../monitoring/metrics/metrics.service.js';
import type { EventResult } from '../processing/event-result.js';

/** The pipeline's Prometheus series: attempts by outcome, and time from receipt to a final state. */
@Injectable()
export class PipelineMetrics {
  private readonly attempts: Counter<'type' | 'state'>;
  private readonly latency: Histogram<'type'>;

  constructor(metrics: MetricsService) {
    this.attempts = new Counter({ name: 'settle_pipeline_attempts_total', help: 'Event attempts by type and resulting state', labelNames: ['type', 'state'], registers: [metrics.registry] });
    this.latency = new Histogram({
      name: 'settle_pipeline_event_seconds',
      help: 'Seconds from an event entering the inbox to its final state',
      labelNames: ['type'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [metrics.registry],
    });
  }

  observe(results: EventResult[]): void {
    for (const result of results) {
      const type = result.event.type;
      this.attempts.inc({ type, state: result.state });
      if (result.state !== 'queued' && result.state !== 'waiting' && result.state !== 'paused') this.latency.observe({ type }, (Date.now() - result.event.receivedAt.getTime()) / 1000);
    }
  }
}
