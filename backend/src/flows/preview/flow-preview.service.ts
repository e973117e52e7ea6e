import { Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SageProConnectionsService } from '../../connections/sagepro/sagepro-connections.service.js';
import type { Integration } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/database/prisma.service.js';
import { InvalidInput, NotFound } from '../../platform/errors.js';
import type { SageProDatabase } from '../../sagepro/database.js';
import { KyselySageProCompany } from '../../sagepro/kysely-company.js';
import { isPaymentEvent, type OrderEvent, type PaymentEvent, type SettleEvent } from '../../pipeline/events/settle-event.js';
import { FlowsService } from '../api/flows.service.js';
import { FlowProblemsRefused } from '../api/flow-errors.js';
import type { PairSettings } from '../definition/branch-settings.js';
import { checkFlowDefinition } from '../definition/flow-checks.js';
import { TRIGGERS, type EnvironmentName, type FlowDefinition, type PaymentTrigger } from '../definition/flow-definition.js';
import { conditionHolds } from '../transformations/flow-filter.js';
import { type FlowPreview, previewPayment, type PreviewReads } from './payment-preview.js';
import { examplePayment, readPastedOrder, readPastedPayment } from './preview-sample.js';
import { type OrderPreviewReads, previewOrder } from './order-preview.js';
import { sampleOrderEvent } from '../mappings/sample-source.js';
import type { CodeCheck, CustomerQuery } from '../../sagepro/company.js';
import { withPayload } from '../mappings/mapping-source.js';
import type { FlowSampleInput } from './flow-preview.types.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { ExchangeRates } from '../rates/exchange-rates.service.js';
import { rateTable } from '../transformations/exchange-rates.js';
import { baseRateOn } from '../../pipeline/processing/base-rate.js';

/** What a pair without a Sage Pro company to read gives a preview: nothing found, no rows planned. */
const NO_COMPANY: PreviewReads = {
  findOpenInvoices: async () => [],
  planPayment: async () => {
    throw Object.assign(new Error('no Sage Pro company to plan the rows in: connect an integration pair in this environment'), { field: 'environment' });
  },
  statusCodes: {},
  statusOnInvoice: false,
};

/**
 * Runs a version (or the draft) of a payment-sync flow on a sample against the environment's pair,
 * reading Sage Pro without locks and writing nothing anywhere: no event, no audit entry, no row.
 */
@Injectable()
export class FlowPreviewService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly flows: FlowsService,
    private readonly sagePro: SageProConnectionsService,
    private readonly rates: ExchangeRates,
  ) {}

  async preview(flowId: string, versionId: string | null | undefined, environment: EnvironmentName, sample: FlowSampleInput): Promise<FlowPreview & { event: unknown; durationMs: number }> {
    const started = performance.now();
    const flow = await this.flows.get(flowId);
    const definition = await this.definitionOf(flowId, versionId);
    const pair = await this.firstPairIn(environment);
    // A stored event's mappings may also read the payload as it arrived, as in the pipeline (mapping-source.ts).
    if (flow.kind === 'order_to_cash') return this.previewOrder(definition, await this.readOrderSample(sample), pair, started);
    const event = await this.readSample(sample, { withPayload: true });
    const tenantId = TenantContext.actor().tenantId!;
    const opened = pair ? await this.sagePro.open(pair.sageProConnectionId) : null;
    try {
      const company = opened ? new KyselySageProCompany(opened.db as Kysely<SageProDatabase>, opened.options) : null;
      const settings: PairSettings = {
        matchWindowDays: pair?.matchWindowDays ?? 7,
        unmatchedPolicy: pair?.unmatchedPolicy ?? 'manual_review',
        timeZone: company?.options.timeZone ?? 'UTC',
        gl: company?.options.gl ?? { cash: '', refunds: '', chargebacks: '' },
      };
      const ratesOf = (from: string, to: string, date: string) => this.rates.tableFor(tenantId, { from: date, to: date, currencies: [from, to] }).then(rateTable);
      const reads: PreviewReads = company
        ? {
            findOpenInvoices: (query) => company.findOpenInvoices(query),
            planPayment: (target, payment) => company.planPayment(target, payment),
            statusCodes: company.options.paymentStatus.codes,
            statusOnInvoice: company.options.paymentStatus.invoiceField !== null,
            statusOnOrder: company.options.paymentStatus.orderField !== null,
            checkCodes: (codes) => company.checkCodes(codes),
            rates: ratesOf,
            customerCurrency: async (custno) => (await company.findCustomer({ custno }))[0]?.currency || undefined,
            findReceipt: (reference) => company.findReceipt(reference),
            planReversal: (reversal) => company.planReversal(reversal),
            baseRate: (currency, date) => baseRateOn(currency, company.options.fallbackCurrency, date, ratesOf),
          }
        : NO_COMPANY;
      const preview = await previewPayment(definition, event, settings, reads, conditionHolds);
      return { ...preview, event, durationMs: Math.round(performance.now() - started) };
    } finally {
      await opened?.release();
    }
  }

  private async previewOrder(definition: FlowDefinition, event: OrderEvent, pair: Integration | null, started: number) {
    const opened = pair ? await this.sagePro.open(pair.sageProConnectionId) : null;
    try {
      const company = opened ? new KyselySageProCompany(opened.db as Kysely<SageProDatabase>, opened.options) : null;
      const reads: OrderPreviewReads = {
        findCustomer: (query: CustomerQuery) => (company ? company.findCustomer(query) : Promise.resolve([])),
        ...(company ? { checkCodes: (codes: CodeCheck) => company.checkCodes(codes) } : {}),
      };
      const preview = await previewOrder(definition, event, { orderLocation: pair?.orderLocation ?? 'MAIN', timeZone: company?.options.timeZone ?? 'UTC' }, reads);
      return { ...preview, event, durationMs: Math.round(performance.now() - started) };
    } finally {
      await opened?.release();
    }
  }

  private async readOrderSample(sample: FlowSampleInput): Promise<OrderEvent> {
    const given = [sample.eventId, sample.event, sample.example].filter((value) => value !== undefined && value !== null && value !== false);
    if (given.length !== 1) throw new InvalidInput('sample', 'give exactly one of eventId, event or example');
    if (sample.example) return sampleOrderEvent();
    if (sample.event !== undefined && sample.event !== null) {
      const read = readPastedOrder(sample.event);
      if (!read.ok) throw new InvalidInput(`sample.event.${read.field}`, read.message);
      return read.event;
    }
    const event = await this.storedEvent(sample.eventId!, true);
    if (!event || isPaymentEvent(event)) throw new InvalidInput('sample.eventId', 'is not an order event (or retention emptied it)');
    return event;
  }

  /** A published version, or the draft when it passes the checks (a preview of a broken flow would mislead). */
  private async definitionOf(flowId: string, versionId: string | null | undefined): Promise<FlowDefinition> {
    if (versionId) {
      const version = await this.flows.version(versionId, 'versionId');
      if (version.flowId !== flowId) throw new InvalidInput('versionId', 'is a version of another flow');
      return version.definition as FlowDefinition;
    }
    const draft = await this.flows.draft(flowId);
    const check = checkFlowDefinition(draft.definition);
    if (!check.ok) throw new FlowProblemsRefused('definition', 'the draft cannot run', check.problems);
    return check.definition;
  }

  /**
   * A stored event in one read; with `payload`, the payload as it arrived under `payload`, as the
   * pipeline gives it to mappings that name it (mapping-source.ts).
   */
  private async storedEvent(eventId: string, payload: boolean): Promise<SettleEvent | null> {
    const row = await this.prisma.inTenant((tx) => tx.inboxEvent.findUnique({ where: { id: eventId }, select: { event: true, payload } }));
    if (!row) throw new NotFound('Event');
    const event = row.event as unknown as SettleEvent | null;
    return event && payload ? withPayload(event, row.payload) : event;
  }

  /**
   * The sample's payment event; a bad one is BAD_USER_INPUT naming the field (`sample.event.amountMinor`).
   * `withPayload`: a stored event carries the payload as it arrived (a preview's mappings may read it).
   */
  async readSample(sample: FlowSampleInput, { withPayload: payload = false } = {}): Promise<PaymentEvent> {
    const given = [sample.eventId, sample.event, sample.example].filter((value) => value !== undefined && value !== null && value !== false);
    if (given.length !== 1) throw new InvalidInput('sample', 'give exactly one of eventId, event or example');
    if (sample.example) {
      const trigger = sample.trigger ?? 'approved';
      if (!(TRIGGERS.payment_sync as readonly string[]).includes(trigger)) throw new InvalidInput('sample.trigger', `must be one of ${TRIGGERS.payment_sync.join(', ')}`);
      return examplePayment(trigger as PaymentTrigger);
    }
    if (sample.event !== undefined && sample.event !== null) {
      const read = readPastedPayment(sample.event);
      if (!read.ok) throw new InvalidInput(`sample.event.${read.field}`, read.message);
      return read.event;
    }
    const event = await this.storedEvent(sample.eventId!, payload);
    if (!event || !isPaymentEvent(event)) throw new InvalidInput('sample.eventId', 'is not a payment event (or retention emptied it)');
    return event;
  }

  /** The environment's first enabled pair (its Sage Pro company is read), if it has one. */
  firstPairIn(environment: EnvironmentName): Promise<Integration | null> {
    return this.prisma.inTenant((tx) => tx.integration.findFirst({ where: { environment, enabled: true }, orderBy: { createdAt: 'asc' } }));
  }
}
