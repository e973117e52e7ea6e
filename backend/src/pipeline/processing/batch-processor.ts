import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../platform/config/config.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { APP_CONFIG } from '../../platform/tokens.js';
import type { BatchOutcome } from '../../sagepro/company.js';
import { isPaymentEvent } from '../events/settle-event.js';
import type { DrainContext } from './drain-context.js';
import type { ClaimedEvent, EventResult } from './event-result.js';
import { EventWork } from './event-work.js';
import { judgeFailure } from './failure-policy.js';
import { OrderWorkflow } from './order-workflow.js';
import { InvoiceLookups } from './invoice-lookups.js';
import { type PaymentDrain, type PendingReceipt, PaymentWorkflow } from './payment-workflow.js';
import { flowKindOf, flowLabel, type RunningFlow, takesTrigger, triggerOfEvent } from './running-flow.js';
import { conditionHolds } from '../../flows/transformations/flow-filter.js';
import type { Trigger } from '../../flows/definition/flow-definition.js';
import { PermanentSageProError } from '../../sagepro/errors.js';
import { stepsOn } from '../../flows/definition/branch-settings.js';
import { invoiceNumberToPrefetch } from '../../flows/transformations/reference-matching.js';
import { triggerOf } from '../../flows/transformations/status-map.js';
import type { RetryPolicy } from './retry-policy.js';

/**
 * Works through one drain's events: each is decided and carried out on its own, except receipts on
 * invoices, which are written together per Sage Pro company in one batched transaction (the company's
 * AR counter serialises single receipts). Every event ends with a result; none throws.
 */
@Injectable()
export class BatchProcessor {
  private readonly logger = new Logger('Pipeline');
  private readonly retry: RetryPolicy;

  constructor(
    private readonly payments: PaymentWorkflow,
    private readonly orders: OrderWorkflow,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.retry = { maxAttempts: config.PIPELINE_MAX_ATTEMPTS, baseMs: config.PIPELINE_RETRY_BASE_MS, maxMs: config.PIPELINE_RETRY_MAX_MS };
  }

  async process(context: DrainContext, events: ClaimedEvent[]): Promise<EventResult[]> {
    const works = events.map((event) => new EventWork(event, () => context.payload(event.id)));
    const drain: PaymentDrain = { waitForSaleMs: this.config.PIPELINE_WAIT_FOR_SALE_SECONDS * 1000, invoices: await this.lookUpInvoices(context, works), rates: context.exchangeRates };
    const pending: PendingReceipt[] = [];
    for (const work of works) {
      const receipt = await this.inEventContext(context, work, () => this.start(context, work, drain));
      if (receipt) pending.push(receipt);
    }
    await this.writeReceipts(context, pending);
    return works.map((work) => work.result!);
  }

  /**
   * The invoices the drain's payments name, one read per Sage Pro company. A failure here is only a
   * missed shortcut: each event then looks its invoice up itself and meets the error on its own.
   */
  private async lookUpInvoices(context: DrainContext, works: EventWork[]): Promise<InvoiceLookups> {
    const lookups = new InvoiceLookups();
    const wanted = new Map<string, Set<string>>();
    for (const { claimed } of works) {
      const event = claimed.event;
      if (!isPaymentEvent(event) || claimed.override || (event.type !== 'payment.approved' && event.type !== 'payment.declined')) continue;
      const integration = await context.integration(claimed.integrationId).catch(() => null);
      if (!integration?.enabled) continue;
      // The flow's match step says which number is the invoice's (the zone matters only to the fallback).
      const flow = await context.flow(integration, 'payment_sync').catch(() => null);
      if (!flow) continue;
      const config = stepsOn(flow.definition, 'match', triggerOf(event.type))[0]?.config;
      const invno = invoiceNumberToPrefetch(event, !!claimed.override, config, { referenceField: 'documentNumber', windowDays: integration.matchWindowDays, timeZone: 'UTC' });
      if (!invno) continue;
      const numbers = wanted.get(integration.sageProConnectionId) ?? new Set<string>();
      wanted.set(integration.sageProConnectionId, numbers.add(invno));
    }
    for (const [connectionId, invnos] of wanted) {
      try {
        const open = await context.company(connectionId);
        lookups.remember(connectionId, await open.company.findOpenInvoicesByNumbers([...invnos]));
      } catch (error) {
        this.logger.debug?.(`invoice look-up for the drain of tenant ${context.tenantId}: ${(error as Error).message}`);
      }
    }
    return lookups;
  }

  private async start(context: DrainContext, work: EventWork, drain: PaymentDrain): Promise<PendingReceipt | null> {
    const { event, attempt, source } = work.claimed;
    work.timeline.note('received', { source, type: event.type, attempt, waitedMs: Date.now() - work.claimed.receivedAt.getTime() });
    const integration = await context.integration(work.claimed.integrationId);
    if (!integration) {
      work.ignore('no integration connects this source to Sage Pro');
      return null;
    }
    if (!integration.enabled) {
      // Held, not ignored: it may carry money. Resuming the integration queues it again, in its place.
      work.timeline.note('held', { why: 'its integration is paused' }, 'integration_paused', 'skipped');
      work.pause('its integration is paused');
      return null;
    }
    const flow = (work.flow = await context.flow(integration, flowKindOf(event)));
    const trigger = triggerOfEvent(event);
    work.timeline.note('flow', { flow: flow.kind, version: flow.number, versionId: flow.versionId, trigger }, flowLabel(flow));
    if (!takesTrigger(flow, trigger)) {
      work.ignore(`the flow ${flowLabel(flow)} takes no ${trigger} events`);
      return null;
    }
    if (!(await this.passesFilters(work, flow, trigger))) return null;
    const open = await work.timeline.step('connected to Sage Pro', () => context.company(integration.sageProConnectionId));
    if (isPaymentEvent(event)) return this.payments.prepare(work, event, integration, open, drain);
    await this.orders.run(work, event, integration, open, drain.rates);
    return null;
  }

  /**
   * The flow's filter steps on the event's branch, in order: the first that stops it ignores it or
   * holds it for a person. A condition that cannot run is the flow's fault, not the payment's: a
   * validation dead letter naming the step, replayable once a fixed version is deployed.
   */
  private async passesFilters(work: EventWork, flow: RunningFlow, trigger: Trigger): Promise<boolean> {
    // A person who resolved its review decided already: the filter that held it does not hold it again.
    if (work.claimed.override) return true;
    for (const filter of stepsOn(flow.definition, 'filter', trigger)) {
      const holds = await conditionHolds(filter.config.condition, work.claimed.event).catch((error: Error) => {
        throw new PermanentSageProError('validation', `Filter "${filter.id}" of ${flowLabel(flow)}: ${error.message}`, `flow.${filter.id}.condition`, filter.config.condition);
      });
      work.timeline.note('filtered', { filter: filter.id, passed: holds }, `filter:${filter.id}`, holds ? 'ok' : 'skipped');
      if (holds) continue;
      if (filter.config.otherwise === 'review') work.review('held_by_flow', { filter: filter.id, reason: filter.config.reason });
      else work.ignore(`${filter.config.reason} (filter "${filter.id}" of ${flowLabel(flow)})`);
      return false;
    }
    return true;
  }

  /** The drain's invoice receipts with their statuses, one batched write per company. */
  private async writeReceipts(context: DrainContext, pending: PendingReceipt[]): Promise<void> {
    const byCompany = new Map<string, PendingReceipt[]>();
    for (const receipt of pending) {
      const receipts = byCompany.get(receipt.open.connectionId);
      if (receipts) receipts.push(receipt);
      else byCompany.set(receipt.open.connectionId, [receipt]);
    }
    for (const receipts of byCompany.values()) {
      const company = receipts[0].open.company;
      const startedAt = Date.now();
      const outcomes: BatchOutcome[] = await company.applyPaymentsToInvoices(receipts.map(({ invno, payment, status, orderStatus }) => ({ invno, payment, status: status ?? undefined, ...(orderStatus ? { orderStatus } : {}) })));
      const durationMs = Date.now() - startedAt;
      for (const [index, receipt] of receipts.entries()) {
        const outcome = outcomes[index];
        receipt.work.timeline.steps.push({
          step: 'written to Sage Pro',
          outcome: outcome.kind === 'Failed' ? 'error' : 'ok',
          startedAt: new Date(startedAt),
          durationMs,
          rule: 'receipt_batch',
          detail: outcome.kind === 'Failed' ? { error: outcome.error.name, kind: outcome.error.kind, message: outcome.error.message } : { write: outcome.kind, batch: receipts.length },
        });
        await this.inEventContext(context, receipt.work, async () => {
          if (outcome.kind === 'Failed') throw outcome.error;
          this.payments.receiptWritten(receipt, outcome, new Date(startedAt));
          return null;
        });
      }
    }
  }

  /** Runs a step of one event with its correlation id in every log line; a failure ends the event's attempt. */
  private inEventContext(context: DrainContext, work: EventWork, step: () => Promise<PendingReceipt | null>): Promise<PendingReceipt | null> {
    return TenantContext.run({ tenantId: context.tenantId, correlationId: work.claimed.correlationId }, async () => {
      try {
        return await step();
      } catch (error) {
        this.fail(work, error);
        return null;
      }
    });
  }

  private fail(work: EventWork, error: unknown): void {
    const verdict = judgeFailure(error, work.claimed.attempt, this.retry);
    this.logger.warn(`event ${work.claimed.id} attempt ${work.claimed.attempt}: ${(error as Error)?.message ?? error} → ${verdict.kind}`);
    if (verdict.kind === 'retry') work.retry(new Date(Date.now() + verdict.delayMs), verdict.error);
    else if (verdict.kind === 'dead') work.dead(verdict.deadLetter);
    else work.review(verdict.reason, { error: (error as Error).message });
  }
}
