import { Injectable } from '@nestjs/common';
import { AlertsService } from '../../monitoring/alerts/alerts.service.js';
import { alertSignalsFor } from '../processing/alert-signals.js';
import type { EventResult } from '../processing/event-result.js';

/** Raises the alerts a drain's results call for, after they are recorded (AlertsService never throws). */
@Injectable()
export class PipelineAlerts {
  constructor(private readonly alerts: AlertsService) {}

  async raiseFor(tenantId: string, results: EventResult[]): Promise<void> {
    for (const signal of results.flatMap(alertSignalsFor)) await this.alerts.raise(tenantId, signal);
  }
}
