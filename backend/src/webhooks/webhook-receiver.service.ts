import { Injectable, Logger } from '@nestjs/common';
import { InboxService } from '../pipeline/inbox/inbox.service.js';
import { PrismaService } from '../platform/database/prisma.service.js';
import { TenantContext } from '../platform/database/tenant-context.js';
import { checkDelivery, type Outcome, type RequestHeaders, STATUS_OF } from './delivery.js';
import { EndpointDirectory, type ReceivingEndpoint } from './endpoint-directory.js';
import { InboxBatcher } from './inbox-batcher.js';
import { activeSecrets, isDeliveryRecordDue } from './webhook-endpoint.rules.js';
import { WebhookMetrics } from './webhook-metrics.js';

/** What the route sends back: a status and a small JSON body. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Receives one delivery for a known endpoint: verifies it, normalises it and stores it in the inbox
 * (which redacts card-like numbers), together with the tenant's concurrent deliveries. Every answer
 * is counted by format and outcome. Bodies are never logged: they may hold personal data, or a card
 * number someone put in a note.
 */
@Injectable()
export class WebhookReceiver {
  private readonly logger = new Logger('Webhooks');
  /** When this process last wrote last_delivery_at, per endpoint row. */
  private readonly deliveriesRecorded = new Map<string, number>();
  private readonly batcher: InboxBatcher;

  constructor(
    private readonly directory: EndpointDirectory,
    inbox: InboxService,
    private readonly prisma: PrismaService,
    private readonly metrics: WebhookMetrics,
  ) {
    this.batcher = new InboxBatcher(
      (tenantId, entries) => inbox.store(tenantId, entries),
      (tenantId, ids) =>
        this.prisma.inScope({ tenantId }, (tx) => tx.inboxEvent.findMany({ where: { id: { in: ids } }, select: { id: true, source: true, externalId: true } })),
      { stored: (tenantId) => inbox.signalSoon(tenantId) },
    );
  }

  find(endpointId: string): Promise<ReceivingEndpoint | null> {
    return this.directory.find(endpointId);
  }

  async receive(endpoint: ReceivingEndpoint, rawBody: Buffer, headers: RequestHeaders): Promise<Answer> {
    const check = checkDelivery(endpoint.format, rawBody, headers, activeSecrets(endpoint, new Date()));
    if (!check.ok) return this.answer(endpoint.format, check.refusal, { error: check.refusal, message: check.message, ...(check.field ? { field: check.field } : {}) });
    const { delivery, payload } = check;
    const entry = { source: delivery.source, externalId: delivery.externalId, integrationId: endpoint.integrationId, event: delivery.event, payload, correlationId: delivery.correlationId };
    let eventId: string | null;
    try {
      eventId = await this.batcher.submit(endpoint.tenantId, entry);
    } catch (error) {
      // The endpoint (or its integration) was deleted since it was cached, by another process.
      if ((error as { code?: string }).code !== '23503') throw error;
      this.directory.forget(endpoint.endpointId);
      return this.refuse(endpoint.format, 'unknown_endpoint', 'no webhook endpoint at this URL');
    }
    this.recordDelivery(endpoint);
    return eventId
      ? this.answer(endpoint.format, 'accepted', { accepted: true, eventId })
      : this.answer(endpoint.format, 'duplicate', { duplicate: true });
  }

  refuse(format: string | undefined, outcome: Outcome, message: string): Answer {
    return this.answer(format, outcome, { error: outcome, message });
  }

  /** Anything unexpected (the database unreachable): the sender should retry, and will. */
  failed(format: string | undefined, error: Error): Answer {
    this.logger.error(`webhook delivery failed: ${error.message}`);
    return this.refuse(format, 'unavailable', 'try again shortly');
  }

  private answer(format: string | undefined, outcome: Outcome, body: Record<string, unknown>): Answer {
    this.metrics.deliveries.inc({ format: format ?? 'unknown', outcome });
    return { status: STATUS_OF[outcome], body };
  }

  /** At most once a minute per endpoint, after the answer: a hint for people must not slow senders down. */
  private recordDelivery(endpoint: ReceivingEndpoint): void {
    const now = Date.now();
    if (!isDeliveryRecordDue(this.deliveriesRecorded.get(endpoint.id), now)) return;
    this.deliveriesRecorded.set(endpoint.id, now);
    TenantContext.run({ tenantId: endpoint.tenantId }, () =>
      this.prisma.inTenant((tx) => tx.webhookEndpoint.updateMany({ where: { id: endpoint.id }, data: { lastDeliveryAt: new Date(now) } })),
    ).catch((error: Error) => this.logger.warn(`last_delivery_at of webhook endpoint ${endpoint.id} not recorded: ${error.message}`));
  }
}
