import { Injectable } from '@nestjs/common';
import type { Integration } from '../../generated/prisma/client.js';
import type { BaseRate, BatchOutcome, CashReceipt, IncomingPayment, PaymentStatusRecord, ReceiptReversal, WriteOutcome } from '../../sagepro/company.js';
import { minorUnitExponent } from '../../platform/money/currencies.js';
import type { PaymentStatus } from '../../sagepro/payment-status.js';
import { payTraceReference } from '../../sagepro/references.js';
import { type PaymentEvent, paymentKey } from '../events/settle-event.js';
import { type InvoiceChoice, type NamedQuery, normaliseDocumentNumber } from '../workflows/invoice-matching.js';
import { decideDecline, decideReversal, decideSale, type ReceiptFact, type ReversalPlacement, reversalReference, saleProgressOf, type SaleDecision, type SaleFacts, type StatusTarget } from '../workflows/payment-decisions.js';
import { paymentStatusFor, sageDate } from '../workflows/posting-rules.js';
import { triggerOf } from '../../flows/transformations/status-map.js';
import { chooseWithTolerance, referenceQueries } from '../../flows/transformations/reference-matching.js';
import { type MappingProblem, mapPayment, mapPaymentStatus, mapReversal } from '../../flows/mappings/payment-mapping.js';
import type { StatusInputs } from '../../flows/mappings/payment-inputs.js';
import { flowLabel } from './running-flow.js';
import { type Conversion, convertExact, convertPayment, noRateMessage } from '../../flows/transformations/currency-conversion.js';
import { type RateTable, rateRatio } from '../../flows/transformations/exchange-rates.js';
import { baseRateOn } from './base-rate.js';
import { type BranchSettings, branchSettings } from '../../flows/definition/branch-settings.js';
import type { GlChoice } from '../../flows/transformations/gl-accounts.js';
import { PermanentSageProError } from '../../sagepro/errors.js';
import type { EffectRecord, ReviewOverride } from './event-result.js';
import type { OpenCompany } from './drain-context.js';
import type { EventWork } from './event-work.js';
import type { InvoiceLookups } from './invoice-lookups.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { EventStore } from '../inbox/event-store.js';
import { ReversalLock } from './reversal-lock.js';
import { SettleFacts } from './settle-facts.js';
import { errorDetail } from './timeline.js';

/** What a drain gives each payment besides the event: how long a reversal may wait, the invoices it read. */
export interface PaymentDrain {
  waitForSaleMs: number;
  invoices: InvoiceLookups;
  /** The tenant's rate table for one conversion (read once per drain and pair of currencies and date). */
  rates(from: string, to: string, date: string): Promise<RateTable>;
}

/** Status failures that leave the money where it is: noted on the timeline, not fatal. */
const TOLERATED_STATUS_FAILURES = ['field_in_use', 'unknown_status_code', 'order_not_found', 'validation'];

/** An approved payment matched to an invoice: written with the others of its drain in one batch. */
export interface PendingReceipt {
  work: EventWork;
  event: PaymentEvent;
  open: OpenCompany;
  invno: string;
  payment: IncomingPayment;
  /** None: the flow's status map writes no status for it. */
  status: PaymentStatus | null;
  /** The payment converted into the invoice's currency by the flow, and the rate used. */
  conversion?: Conversion;
  /** The ORDRSTAT code the flow maps for the invoice's order (invoice_status.orderstat). */
  orderStatus?: string;
}

/**
 * Carries out the payment workflows (decisions in workflows/payment-decisions.ts) through the
 * idempotent Sage Pro connector, recording each write as an effect on the event's timeline.
 */
@Injectable()
export class PaymentWorkflow {
  /** Each payment's branch of its flow, read once when it is prepared. */
  private readonly branches = new WeakMap<EventWork, BranchSettings>();
  /** Each payment's mapped status inputs (invoice_status), evaluated once when it is prepared. */
  private readonly statusInputs = new WeakMap<EventWork, StatusInputs>();

  constructor(
    private readonly facts: SettleFacts,
    private readonly reversalLock: ReversalLock,
    private readonly store: EventStore,
  ) {}

  /** Everything but an invoice receipt, which is returned to be written in the drain's batch. */
  async prepare(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany, drain: PaymentDrain): Promise<PendingReceipt | null> {
    const pair = { matchWindowDays: integration.matchWindowDays, unmatchedPolicy: integration.unmatchedPolicy, timeZone: open.timeZone, gl: open.company.options.gl };
    this.branches.set(work, branchSettings(work.flow!.definition, triggerOf(event.type), pair));
    if (event.type !== 'payment.settled') await this.mapStatus(work, event, open);
    switch (event.type) {
      case 'payment.settled':
        work.ignore('settlement changes nothing in Sage Pro');
        return null;
      case 'payment.approved':
        return this.sale(work, event, integration, open, drain);
      case 'payment.declined':
        await this.decline(work, event, integration, open, drain.invoices);
        return null;
      default:
        // Read, decide, write and record under the company's lock: each reversal sees all earlier ones.
        await this.reversalLock.around(open.connectionId, () => this.reversal(work, event, open, drain));
        return null;
    }
  }

  /**
   * After the batch: the receipt is in Sage Pro (now or before) and its status was written with it;
   * record both. A status the batch could not write fails the attempt unless it leaves money alone.
   */
  receiptWritten(pending: PendingReceipt, outcome: Exclude<BatchOutcome, { kind: 'Failed' }>, startedAt: Date): void {
    const { work, event, open, invno, status, conversion } = pending;
    this.recordReceipt(work, event, open, outcome, { invno, conversion });
    const written = outcome.status;
    if (!status) {
      // The flow writes no status for it: the receipt alone.
    } else if (written?.kind === 'Failed') {
      work.timeline.steps.push({ step: 'payment status', outcome: 'error', startedAt, durationMs: 0, rule: `status:${status}`, detail: { ...errorDetail(written.error), in: 'receipt_batch' } });
      if (!TOLERATED_STATUS_FAILURES.includes(written.error.kind)) throw written.error;
    } else if (written) {
      // Its time is the batch's write (the step before): not counted twice.
      work.timeline.steps.push({ step: 'payment status', outcome: 'ok', startedAt, durationMs: 0, rule: `status:${status}`, detail: { write: written.kind, in: 'receipt_batch' } });
      work.effects.push(this.statusEffect(open, status, { invno }, pending.payment.reference, written));
    }
    work.done({ receipt: pending.payment.reference, invno, status, write: outcome.kind });
  }

  private async sale(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany, drain: PaymentDrain): Promise<PendingReceipt | null> {
    const invoices = drain.invoices;
    if (work.claimed.attempt > 1 && (await this.resumeSale(work, event, open, this.incoming(work, event, open)))) return null;
    // Its void is known (it came first, or while this sale was dead, in review or paused): no money moved.
    if (await this.facts.voidKnown(event.transactionId)) {
      work.ignore('voided in PayTrace before Settle wrote a receipt for it');
      return null;
    }
    const override = work.claimed.override;
    const payment = await this.mapped(work, event, this.incoming(work, event, open), open);
    const decision = override ? await this.decidedInReview(work, event, open, override) : decideSale(event, await this.saleFacts(work, event, integration, open, invoices, true), this.branch(work).unmatched);
    work.timeline.note('decided', { decision: decision.kind, ...glNote(this.branch(work).gl(event)) }, 'rule' in decision ? decision.rule : undefined);
    switch (decision.kind) {
      case 'apply_to_invoice': {
        const { converted, conversion } = await this.inCurrencyOf(work, event, payment, decision.currency, drain);
        return { work, event, open, invno: decision.invno, payment: converted, status: this.branch(work).status(decision.status), ...(conversion ? { conversion } : {}), ...this.statusInputs.get(work) };
      }
      case 'apply_to_order':
      case 'on_account': {
        const { converted, conversion } = await this.inCurrencyOf(work, event, payment, await this.customerCurrency(work, open, decision.custno), drain);
        // An open credit in another currency than the company's needs a rate for its bbal (base-balance.ts).
        const baseRate = await this.baseRateFor(converted.currency, converted.date, open, drain);
        const onAccount = baseRate ? { ...converted, baseRate } : converted;
        const outcome = await work.timeline.step('written to Sage Pro', () => open.company.applyPaymentOnAccount(decision.custno, onAccount), (o) => ({ detail: { write: o.kind } }));
        const sono = decision.kind === 'apply_to_order' ? decision.sono : null;
        this.recordReceipt(work, event, open, outcome, { sono, kind: 'payment_on_account', conversion });
        if (decision.kind === 'apply_to_order') await this.writeStatus(work, open, this.branch(work).status(decision.status), decision.target, payment.reference);
        work.done({ receipt: payment.reference, onAccount: decision.custno, sono, write: outcome.kind });
        return null;
      }
      case 'review':
        work.review(decision.reason, decision.detail);
        return null;
    }
  }

  /** A person chose the invoice (its balance decides Paid or Partly paid) or the customer to post to. */
  private async decidedInReview(work: EventWork, event: PaymentEvent, open: OpenCompany, override: ReviewOverride): Promise<SaleDecision> {
    if (override.kind === 'on_account') return { kind: 'on_account', custno: override.custno, rule: 'manual_review' };
    if (override.kind === 'receipt') throw new PermanentSageProError('validation', 'A sale is placed on an invoice or a customer, not on a receipt', 'receiptReference', override.reference);
    const [invoice] = await work.timeline.step('looked up the chosen invoice', () => open.company.findOpenInvoices({ invno: override.invno }));
    if (!invoice) throw new PermanentSageProError('invoice_not_found', `Invoice ${override.invno} is not open in Sage Pro`, 'armast.invno', override.invno);
    const status = paymentStatusFor('payment.approved', invoice.balanceCents - event.amountMinor)!;
    return { kind: 'apply_to_invoice', invno: invoice.invno, custno: invoice.custno, rule: 'manual_review', status, target: { invno: invoice.invno }, currency: invoice.currency };
  }

  /** A retry whose receipt already landed (the worker died after writing): finish from Sage Pro's record. */
  private async resumeSale(work: EventWork, event: PaymentEvent, open: OpenCompany, payment: IncomingPayment): Promise<boolean> {
    const receipt = await work.timeline.step('looked for an earlier write', () => open.company.findReceipt(payment.reference), (r) => ({ detail: { found: !!r } }));
    if (!receipt) return false;
    const invno = receipt.lines.find((line) => line.invno !== receipt.openCreditInvno)?.invno ?? null;
    this.recordReceipt(work, event, open, { kind: 'AlreadyApplied', records: receipt }, { invno });
    // The receipt is in already, so the invoice's balance now is what remains after it.
    const status = invno ? this.branch(work).status(await this.statusAfterReceipt(open, invno)) : null;
    if (invno && status) await this.writeStatus(work, open, status, { invno }, payment.reference);
    work.done({ receipt: payment.reference, invno, status, write: 'AlreadyApplied' });
    return true;
  }

  private async statusAfterReceipt(open: OpenCompany, invno: string): Promise<PaymentStatus> {
    const [still] = await open.company.findOpenInvoices({ invno });
    return paymentStatusFor('payment.approved', still?.balanceCents ?? 0)!;
  }

  /**
   * The payment in the invoice's currency. A flow that converts reads the tenant's rate for the
   * transaction's date in the tenant's zone (rounded half-even in the invoice currency's minor units);
   * no rate for that date is a `no_rate` dead letter naming both, never a guess. A flow that does not
   * convert leaves it to the connector, which refuses a payment in another currency (validation).
   */
  private async inCurrencyOf(work: EventWork, event: PaymentEvent, payment: IncomingPayment, currency: string | undefined, drain: PaymentDrain): Promise<{ converted: IncomingPayment; conversion?: Conversion }> {
    if (!currency || currency === payment.currency || this.branch(work).currencyMode !== 'convert') return { converted: payment };
    const result = convertPayment(payment, currency, await drain.rates(payment.currency, currency, payment.date));
    if (result.kind === 'no_rate') {
      throw new PermanentSageProError('no_rate', noRateMessage(result), 'currency', `${payment.currency}→${currency} ${payment.date}`, 'a rate in the rate table');
    }
    const { conversion, discountMinor } = result;
    work.timeline.note('converted', { from: { amountMinor: payment.amountCents, currency: payment.currency }, to: { amountMinor: conversion.amountMinor, currency }, rate: conversion.rate, ...(discountMinor ? { discountMinor } : {}) }, `rate:${conversion.rate.date}`);
    return { converted: result.payment, conversion };
  }

  /** The customer's currency (arcust.currency), read only when the flow converts. */
  private async customerCurrency(work: EventWork, open: OpenCompany, custno: string): Promise<string | undefined> {
    if (this.branch(work).currencyMode !== 'convert') return undefined;
    const [customer] = await open.company.findCustomer({ custno });
    return customer?.currency || undefined;
  }

  /** The tenant's rate to the company's base (the tenant's base currency) of `date`, for bbal (base-rate.ts). */
  private baseRateFor(currency: string, date: string, open: OpenCompany, drain: Pick<PaymentDrain, 'rates'>): Promise<BaseRate | undefined> {
    return baseRateOn(currency, open.company.options.fallbackCurrency, date, drain.rates);
  }

  /**
   * The receipt with the version's cash_receipt and gl_distribution mappings (date, discount, deposit
   * account, GL lines' description) in place of Settle's defaults; a value that breaks a field rule or
   * names an account the company lacks is a validation dead letter naming the rule, before anything is written.
   */
  private async mapped(work: EventWork, event: PaymentEvent, payment: IncomingPayment, open: OpenCompany): Promise<IncomingPayment> {
    const { mappings } = this.branch(work);
    const mapping = await mapPayment(work.flow!.versionId, mappings, await work.mappingSource(event, mappings), payment, (codes) => open.company.checkCodes(codes));
    if (mapping.errors.length) throw mappingFailure(work, mapping.errors);
    if (mapping.fired.length) work.timeline.note('mapped', { fired: mapping.fired }, flowLabel(work.flow!));
    return mapping.payment;
  }

  /** The version's gl_distribution description of the reversal's GL lines; a broken one is a validation dead letter before the write. */
  private async mappedReversal(work: EventWork, event: PaymentEvent): Promise<{ description?: string }> {
    const { mappings } = this.branch(work);
    const mapping = await mapReversal(work.flow!.versionId, mappings, await work.mappingSource(event, mappings));
    if (mapping.errors.length) throw mappingFailure(work, mapping.errors);
    if (mapping.fired.length) work.timeline.note('mapped', { fired: mapping.fired }, flowLabel(work.flow!));
    return mapping.reversal;
  }

  /** The version's invoice_status mappings for the event's status writes, checked (ORDRSTAT codes) before any write. */
  private async mapStatus(work: EventWork, event: PaymentEvent, open: OpenCompany): Promise<void> {
    const { mappings } = this.branch(work);
    const mapping = await mapPaymentStatus(work.flow!.versionId, mappings, await work.mappingSource(event, mappings), (codes) => open.company.checkCodes(codes));
    if (mapping.errors.length) throw mappingFailure(work, mapping.errors);
    if (mapping.fired.length) work.timeline.note('mapped status', { fired: mapping.fired }, flowLabel(work.flow!));
    this.statusInputs.set(work, mapping.status);
  }

  /** What the flow says about this event's branch, the pair's settings filling in (branch-settings.ts). */
  private branch(work: EventWork): BranchSettings {
    const settings = this.branches.get(work);
    if (!settings) throw new Error('A payment is worked on before its flow was read');
    return settings;
  }

  private async decline(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany, invoices: InvoiceLookups): Promise<void> {
    const facts = await this.saleFacts(work, event, integration, open, invoices, false);
    const decided = decideDecline(facts);
    const status = this.branch(work).status(decided.status);
    const target = status ? decided.target : null;
    if (status && target) await this.writeStatus(work, open, status, target, payTraceReference(event.transactionId));
    work.done({ declined: event.reason ?? null, status: target ? status : null, ...target });
  }

  private async reversal(work: EventWork, event: PaymentEvent, open: OpenCompany, drain: PaymentDrain): Promise<void> {
    const { waitForSaleMs, invoices } = drain;
    // A void acts on the sale's own transaction; refunds and chargebacks name their sale, or share its document.
    const original = event.type === 'payment.voided' ? event.transactionId : event.originalTransactionId;
    const document = normaliseDocumentNumber(event.documentNumber);
    // The sale's state first, its receipts after: a sale that finished meanwhile committed its receipt
    // with its state, so the later read sees it (read the other way round, a sale could look finished
    // without the receipt it wrote a moment before).
    const saleStates = await this.facts.saleStates(original, document, event.type === 'payment.voided' ? 0 : event.amountMinor);
    const receipts = await work.timeline.step(
      'found the receipt',
      async () => {
        const recorded = await this.facts.receiptsFor(open.connectionId, original, document, reversalReference(event));
        return chosenIn(recorded, work.claimed.override);
      },
      (found) => ({ rule: original ? 'original_transaction' : 'document_number', detail: { receipts: found.map(({ reference, amountMinor, reversedMinor }) => ({ reference, amountMinor, reversedMinor })) } }),
    );
    const sale = saleProgressOf(saleStates);
    const byDocument = !original && work.claimed.override?.kind !== 'receipt';
    const waitedMs = Date.now() - work.claimed.receivedAt.getTime();
    const decision = decideReversal(event, { receipts, sale, byDocument, waitedMs, maxWaitMs: waitForSaleMs }, sageDate(event.occurredAt, this.branch(work).timeZone));
    work.timeline.note('decided', { decision: decision.kind, sale, ...glNote(this.branch(work).gl(event)) });
    // A sale parked until a person acts is looked at again each minute (its end wakes this at once).
    if (decision.kind === 'wait') return work.wait(new Date(Date.now() + (decision.parked ? 60_000 : Math.min(5_000, waitForSaleMs))), decision.why);
    if (decision.kind === 'nothing') return work.ignore(decision.why);
    if (decision.kind === 'review') return work.review(decision.reason, decision.detail);
    const { placement } = decision;
    const receipt = placement.receipt;
    work.timeline.note('placed on its receipt', {
      receipt: receipt.reference,
      receiptMinor: receipt.amountMinor,
      reversedBeforeMinor: receipt.reversedMinor,
      remainingMinor: placement.remainingMinor,
      reversesMinor: placement.reversedMinor,
      beyondReceiptMinor: placement.beyondReceiptMinor,
    });
    // Whatever happens next, the drain's invoice answers may be stale now: a reversal reopens an invoice.
    invoices.forget(open.connectionId);
    const account = this.branch(work).ruledAccount(event);
    const inCurrency = inReceiptCurrency(account ? { ...decision.reversal, account } : decision.reversal, placement, event.currency);
    // An invoice the receipt paid in full keeps no rate for its bbal: the tenant's of the reversal's date.
    const baseRate = await this.baseRateFor(inCurrency.currency ?? event.currency, inCurrency.date, open, drain);
    const reversal = baseRate ? { ...inCurrency, baseRate } : inCurrency;
    const described = await this.mappedReversal(work, event);
    const outcome = await work.timeline.step('written to Sage Pro', () => open.company.reverseReceipt({ ...reversal, ...described }), (o) => ({ detail: { write: o.kind, kind: reversal.kind } }));
    const effect: EffectRecord = {
      sageProConnectionId: open.connectionId,
      kind: 'reversal',
      reference: decision.reversal.reference,
      paymentKey: paymentKey(event.transactionId),
      invno: receipt.invno,
      sono: receipt.sono,
      custno: outcome.records.custno,
      amountMinor: -placement.reversedMinor,
      currency: event.currency,
      writeOutcome: outcome.kind,
      records: outcome.records,
      reverses: receipt.reference,
    };
    work.effects.push(effect);
    // Recorded now, not when the drain ends: the next reversal of the receipt, in any drain, counts it.
    await this.store.recordEffectsNow(TenantContext.actor().tenantId!, work.claimed.id, [effect], work.stamp());
    // The status names the sale's receipt: 'REFUNDED PT123456789' fits armast.refno (char(20)).
    const status = this.branch(work).status(decision.status);
    await this.writeStatus(work, open, status, decision.target, receipt.reference);
    const dispute = decision.dispute
      ? { paymentKey: paymentKey(event.transactionId), originalPaymentKey: original ? paymentKey(original) : null, invno: receipt.invno, amountMinor: event.amountMinor, currency: event.currency, reason: event.reason ?? '' }
      : undefined;
    const beyond = placement.beyondReceiptMinor ? { beyondReceiptMinor: placement.beyondReceiptMinor } : {};
    work.done({ reversal: decision.reversal.reference, of: receipt.reference, reversedMinor: placement.reversedMinor, ...beyond, status, write: outcome.kind }, dispute);
  }

  /** Matches the payment to an invoice (and, when none is open, to a Settle order or an already-paid invoice). */
  private async saleFacts(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany, invoices: InvoiceLookups, lookForPaid: boolean): Promise<SaleFacts> {
    const match = await work.timeline.step(
      'matched',
      () => this.match(work, event, integration, open, invoices),
      (m) => ({ rule: m.rule ?? 'no_match', detail: { choice: m.choice.kind, invno: m.choice.kind === 'one' ? m.choice.invoice.invno : null } }),
    );
    const document = normaliseDocumentNumber(event.documentNumber);
    if (match.choice.kind !== 'none' || !document) return { match, order: null, paidInvoice: null };
    const order = await this.facts.settleOrderFor(open.connectionId, document);
    const paidInvoice = !order && lookForPaid ? await this.facts.paidInvoice(open.connectionId, document) : null;
    return { match, order, paidInvoice };
  }

  private async match(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany, invoices: InvoiceLookups): Promise<{ rule: NamedQuery['rule'] | null; choice: InvoiceChoice }> {
    const { match, matchDefaults, toleranceMinor } = this.branch(work);
    for (const { rule, query } of referenceQueries(event, match, matchDefaults)) {
      const known = 'invno' in query ? invoices.find(open.connectionId, query.invno) : undefined;
      const choice = chooseWithTolerance(known ?? (await open.company.findOpenInvoices(query)), event.amountMinor, toleranceMinor);
      if (choice.kind !== 'none') return { rule, choice };
    }
    return { rule: null, choice: { kind: 'none' } };
  }

  private incoming(work: EventWork, event: PaymentEvent, open: OpenCompany): IncomingPayment {
    const cashAccount = this.branch(work).ruledAccount(event);
    return { reference: payTraceReference(event.transactionId), amountCents: event.amountMinor, date: sageDate(event.occurredAt, this.branch(work).timeZone), currency: event.currency, ...(cashAccount ? { cashAccount } : {}) };
  }

  private recordReceipt(
    work: EventWork,
    event: PaymentEvent,
    open: OpenCompany,
    outcome: WriteOutcome<CashReceipt>,
    on: { invno?: string | null; sono?: string | null; kind?: 'receipt' | 'payment_on_account'; conversion?: Conversion },
  ): void {
    work.effects.push({
      sageProConnectionId: open.connectionId,
      kind: on.kind ?? 'receipt',
      reference: outcome.records.reference,
      paymentKey: paymentKey(event.transactionId),
      invno: on.invno ?? null,
      sono: on.sono ?? null,
      custno: outcome.records.custno,
      amountMinor: event.amountMinor,
      currency: event.currency,
      writeOutcome: outcome.kind,
      // The effect keeps the payment's own amount; a conversion says what Sage Pro was given, at which rate.
      records: on.conversion ? { ...outcome.records, conversion: { amountMinor: on.conversion.amountMinor, currency: on.conversion.currency, rounding: on.conversion.rounding, ...on.conversion.rate } } : outcome.records,
    });
  }

  /** The status where Sage Pro users look. A field a person filled in is left alone and noted, not fatal. */
  private async writeStatus(work: EventWork, open: OpenCompany, status: PaymentStatus | null, target: StatusTarget, reference: string): Promise<void> {
    if (!status || (!target.invno && !target.sono)) return;
    try {
      const outcome = await work.timeline.step('payment status', () => open.company.recordPaymentStatus({ status, ...target, reference, ...this.statusInputs.get(work) }), (o) => ({ rule: `status:${status}`, detail: { write: o.kind } }));
      work.effects.push(this.statusEffect(open, status, target, reference, outcome));
    } catch (error) {
      // Money has moved already; a status Sage Pro cannot show is on the timeline, not a dead letter.
      const kind = (error as { kind?: string }).kind;
      if (!TOLERATED_STATUS_FAILURES.includes(kind ?? '')) throw error;
    }
  }

  private statusEffect(open: OpenCompany, status: PaymentStatus, target: StatusTarget, reference: string, outcome: WriteOutcome<PaymentStatusRecord>): EffectRecord {
    return {
      sageProConnectionId: open.connectionId,
      kind: 'payment_status',
      reference: `${reference}:${status}`,
      invno: target.invno ?? null,
      sono: target.sono ?? null,
      writeOutcome: outcome.kind,
      records: outcome.records,
    };
  }
}

/**
 * A reversal of a receipt the flow converted is written in the receipt's currency at the receipt's own
 * rate (Settle books no exchange difference): what is left of the receipt is reversed whole, a part is
 * converted half-even. Amounts Settle records stay in the payment's currency.
 */
function inReceiptCurrency(reversal: ReceiptReversal, placement: ReversalPlacement, paymentCurrency: string): ReceiptReversal {
  const conversion = placement.receipt.conversion;
  if (!conversion) return reversal;
  const whole = reversal.amountCents === undefined || placement.reversedMinor === placement.remainingMinor;
  if (whole) return { ...reversal, amountCents: undefined, currency: conversion.currency };
  const [numerator, denominator] = (conversion.exact ?? '').split('/');
  const ratio = conversion.exact ? { numerator: BigInt(numerator), denominator: BigInt(denominator) } : rateRatio(conversion.rate);
  const amount = convertExact(BigInt(placement.reversedMinor), minorUnitExponent(paymentCurrency), minorUnitExponent(conversion.currency), ratio);
  return { ...reversal, amountCents: Number(amount), currency: conversion.currency };
}

/** A field mapping that fails: a validation dead letter naming the first rule. */
function mappingFailure(work: EventWork, errors: readonly MappingProblem[]): PermanentSageProError {
  const [first] = errors;
  return new PermanentSageProError('validation', `mappings.${first.rule}: ${first.message} (field mappings of ${flowLabel(work.flow!)})`, `mappings.${first.rule}`, undefined);
}

/** The GL account and rule as the 'decided' step shows them. */
function glNote(choice: GlChoice | null): { glAccount: string | null; glRule?: string } {
  return choice ? { glAccount: choice.account, glRule: choice.rule } : { glAccount: null };
}

/** A person chose the receipt in review: only that one of the candidates (never one outside them). */
function chosenIn(receipts: ReceiptFact[], override: ReviewOverride | undefined): ReceiptFact[] {
  if (override?.kind !== 'receipt') return receipts;
  const chosen = receipts.filter((receipt) => receipt.reference === override.reference);
  if (!chosen.length) throw new PermanentSageProError('receipt_not_found', `Receipt ${override.reference} is not one this payment may reverse`, 'receiptReference', override.reference);
  return chosen;
}
