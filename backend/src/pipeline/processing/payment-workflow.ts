import { Injectable } from '@nestjs/common';
import type { Integration } from '../../generated/prisma/client.js';
import type { CashReceipt, IncomingPayment, WriteOutcome } from '../../sagepro/company.js';
import type { PaymentStatus } from '../../sagepro/payment-status.js';
import { payTraceReference } from '../../sagepro/references.js';
import { type PaymentEvent, paymentKey } from '../events/settle-event.js';
import { chooseInvoice, type InvoiceChoice, invoiceQueries, type NamedQuery, normaliseDocumentNumber } from '../workflows/invoice-matching.js';
import { decideDecline, decideReversal, decideSale, type SaleDecision, type SaleFacts, type StatusTarget, type UnmatchedPolicy } from '../workflows/payment-decisions.js';
import { glAccountFor, paymentStatusFor, sageDate } from '../workflows/posting-rules.js';
import { PermanentSageProError } from '../../sagepro/errors.js';
import type { ReviewOverride } from './event-result.js';
import type { OpenCompany } from './drain-context.js';
import type { EventWork } from './event-work.js';
import { SettleFacts } from './settle-facts.js';

/** An approved payment matched to an invoice: written with the others of its drain in one batch. */
export interface PendingReceipt {
  work: EventWork;
  event: PaymentEvent;
  open: OpenCompany;
  invno: string;
  payment: IncomingPayment;
  status: PaymentStatus;
}

/**
 * Carries out the payment workflows (decisions in workflows/payment-decisions.ts) through the
 * idempotent Sage Pro connector, recording each write as an effect on the event's timeline.
 */
@Injectable()
export class PaymentWorkflow {
  constructor(private readonly facts: SettleFacts) {}

  /** Everything but an invoice receipt, which is returned to be written in the drain's batch. */
  async prepare(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany, waitForSaleMs: number): Promise<PendingReceipt | null> {
    switch (event.type) {
      case 'payment.settled':
        work.ignore('settlement changes nothing in Sage Pro');
        return null;
      case 'payment.approved':
        return this.sale(work, event, integration, open);
      case 'payment.declined':
        await this.decline(work, event, integration, open);
        return null;
      default:
        await this.reversal(work, event, open, waitForSaleMs);
        return null;
    }
  }

  /** After the batch: the receipt is in Sage Pro (now or before); record it and set the status. */
  async receiptWritten(pending: PendingReceipt, outcome: WriteOutcome<CashReceipt>): Promise<void> {
    const { work, event, open, invno } = pending;
    this.recordReceipt(work, event, open, outcome, { invno });
    await this.writeStatus(work, open, pending.status, { invno }, pending.payment.reference);
    work.done({ receipt: pending.payment.reference, invno, status: pending.status, write: outcome.kind });
  }

  private async sale(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany): Promise<PendingReceipt | null> {
    const payment = this.incoming(event, open);
    if (work.claimed.attempt > 1 && (await this.resumeSale(work, event, open, payment))) return null;
    const override = work.claimed.override;
    const decision = override ? await this.decidedInReview(work, event, open, override) : decideSale(event, await this.saleFacts(work, event, integration, open, true), integration.unmatchedPolicy as UnmatchedPolicy);
    work.timeline.note('decided', { decision: decision.kind, glAccount: glAccountFor(event.type, open.company.options.gl) }, 'rule' in decision ? decision.rule : undefined);
    switch (decision.kind) {
      case 'apply_to_invoice':
        return { work, event, open, invno: decision.invno, payment, status: decision.status };
      case 'apply_to_order':
      case 'on_account': {
        const outcome = await work.timeline.step('written to Sage Pro', () => open.company.applyPaymentOnAccount(decision.custno, payment), (o) => ({ detail: { write: o.kind } }));
        const sono = decision.kind === 'apply_to_order' ? decision.sono : null;
        this.recordReceipt(work, event, open, outcome, { sono, kind: 'payment_on_account' });
        if (decision.kind === 'apply_to_order') await this.writeStatus(work, open, decision.status, decision.target, payment.reference);
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
    const [invoice] = await work.timeline.step('looked up the chosen invoice', () => open.company.findOpenInvoices({ invno: override.invno }));
    if (!invoice) throw new PermanentSageProError('invoice_not_found', `Invoice ${override.invno} is not open in Sage Pro`, 'armast.invno', override.invno);
    const status = paymentStatusFor('payment.approved', invoice.balanceCents - event.amountMinor)!;
    return { kind: 'apply_to_invoice', invno: invoice.invno, custno: invoice.custno, rule: 'manual_review', status, target: { invno: invoice.invno } };
  }

  /** A retry whose receipt already landed (the worker died after writing): finish from Sage Pro's record. */
  private async resumeSale(work: EventWork, event: PaymentEvent, open: OpenCompany, payment: IncomingPayment): Promise<boolean> {
    const receipt = await work.timeline.step('looked for an earlier write', () => open.company.findReceipt(payment.reference), (r) => ({ detail: { found: !!r } }));
    if (!receipt) return false;
    const invno = receipt.lines.find((line) => line.invno !== receipt.openCreditInvno)?.invno ?? null;
    this.recordReceipt(work, event, open, { kind: 'AlreadyApplied', records: receipt }, { invno });
    // The receipt is in already, so the invoice's balance now is what remains after it.
    const status = invno ? await this.statusAfterReceipt(open, invno) : null;
    if (invno && status) await this.writeStatus(work, open, status, { invno }, payment.reference);
    work.done({ receipt: payment.reference, invno, status, write: 'AlreadyApplied' });
    return true;
  }

  private async statusAfterReceipt(open: OpenCompany, invno: string): Promise<PaymentStatus | null> {
    const [still] = await open.company.findOpenInvoices({ invno });
    return paymentStatusFor('payment.approved', still?.balanceCents ?? 0);
  }

  private async decline(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany): Promise<void> {
    const facts = await this.saleFacts(work, event, integration, open, false);
    const { status, target } = decideDecline(facts);
    if (target) await this.writeStatus(work, open, status, target, payTraceReference(event.transactionId));
    work.done({ declined: event.reason ?? null, status: target ? status : null, ...target });
  }

  private async reversal(work: EventWork, event: PaymentEvent, open: OpenCompany, waitForSaleMs: number): Promise<void> {
    // A void acts on the sale's own transaction; refunds and chargebacks name their sale, or share its document.
    const original = event.type === 'payment.voided' ? event.transactionId : event.originalTransactionId;
    const document = normaliseDocumentNumber(event.documentNumber);
    const receipt = await work.timeline.step('found the receipt', () => this.facts.receiptFor(open.connectionId, original, document), (r) => ({ detail: { receipt: r?.reference ?? null } }));
    const saleOutstanding = receipt ? false : await this.facts.saleOutstanding(original, document);
    const waitedMs = Date.now() - work.claimed.receivedAt.getTime();
    const decision = decideReversal(event, { receipt, saleOutstanding, waitedMs, maxWaitMs: waitForSaleMs }, sageDate(event.occurredAt, open.timeZone));
    work.timeline.note('decided', { decision: decision.kind, glAccount: glAccountFor(event.type, open.company.options.gl) });
    if (decision.kind === 'wait') return work.wait(new Date(Date.now() + Math.min(5_000, waitForSaleMs)), decision.why);
    if (decision.kind === 'nothing') return work.ignore(decision.why);
    if (decision.kind === 'review') return work.review(decision.reason, decision.detail);
    const outcome = await work.timeline.step('written to Sage Pro', () => open.company.reverseReceipt(decision.reversal), (o) => ({ detail: { write: o.kind, kind: decision.reversal.kind } }));
    work.effects.push({
      sageProConnectionId: open.connectionId,
      kind: 'reversal',
      reference: decision.reversal.reference,
      paymentKey: paymentKey(event.transactionId),
      invno: receipt!.invno,
      sono: receipt!.sono,
      custno: outcome.records.custno,
      amountMinor: -(decision.reversal.amountCents ?? receipt!.amountMinor),
      currency: event.currency,
      writeOutcome: outcome.kind,
      records: outcome.records,
    });
    // The status names the sale's receipt: 'REFUNDED PT123456789' fits armast.refno (char(20)).
    await this.writeStatus(work, open, decision.status, decision.target, receipt!.reference);
    const dispute = decision.dispute
      ? { paymentKey: paymentKey(event.transactionId), originalPaymentKey: original ? paymentKey(original) : null, invno: receipt!.invno, amountMinor: event.amountMinor, currency: event.currency, reason: event.reason ?? '' }
      : undefined;
    work.done({ reversal: decision.reversal.reference, of: receipt!.reference, status: decision.status, write: outcome.kind }, dispute);
  }

  /** Matches the payment to an invoice (and, when none is open, to a Settle order or an already-paid invoice). */
  private async saleFacts(work: EventWork, event: PaymentEvent, integration: Integration, open: OpenCompany, lookForPaid: boolean): Promise<SaleFacts> {
    const match = await work.timeline.step(
      'matched',
      () => this.match(event, integration, open),
      (m) => ({ rule: m.rule ?? 'no_match', detail: { choice: m.choice.kind, invno: m.choice.kind === 'one' ? m.choice.invoice.invno : null } }),
    );
    const document = normaliseDocumentNumber(event.documentNumber);
    if (match.choice.kind !== 'none' || !document) return { match, order: null, paidInvoice: null };
    const order = await this.facts.settleOrderFor(open.connectionId, document);
    const paidInvoice = !order && lookForPaid ? await this.facts.paidInvoice(open.connectionId, document) : null;
    return { match, order, paidInvoice };
  }

  private async match(event: PaymentEvent, integration: Integration, open: OpenCompany): Promise<{ rule: NamedQuery['rule'] | null; choice: InvoiceChoice }> {
    for (const { rule, query } of invoiceQueries(event, { windowDays: integration.matchWindowDays, timeZone: open.timeZone })) {
      const choice = chooseInvoice(await open.company.findOpenInvoices(query), event.amountMinor);
      if (choice.kind !== 'none') return { rule, choice };
    }
    return { rule: null, choice: { kind: 'none' } };
  }

  private incoming(event: PaymentEvent, open: OpenCompany): IncomingPayment {
    return { reference: payTraceReference(event.transactionId), amountCents: event.amountMinor, date: sageDate(event.occurredAt, open.timeZone), currency: event.currency };
  }

  private recordReceipt(work: EventWork, event: PaymentEvent, open: OpenCompany, outcome: WriteOutcome<CashReceipt>, on: { invno?: string | null; sono?: string | null; kind?: 'receipt' | 'payment_on_account' }): void {
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
      records: outcome.records,
    });
  }

  /** The status where Sage Pro users look. A field a person filled in is left alone and noted, not fatal. */
  private async writeStatus(work: EventWork, open: OpenCompany, status: PaymentStatus, target: StatusTarget, reference: string): Promise<void> {
    if (!target.invno && !target.sono) return;
    try {
      const outcome = await work.timeline.step('payment status', () => open.company.recordPaymentStatus({ status, ...target, reference }), (o) => ({ rule: `status:${status}`, detail: { write: o.kind } }));
      work.effects.push({
        sageProConnectionId: open.connectionId,
        kind: 'payment_status',
        reference: `${reference}:${status}`,
        invno: target.invno ?? null,
        sono: target.sono ?? null,
        writeOutcome: outcome.kind,
        records: outcome.records,
      });
    } catch (error) {
      // Money has moved already; a status Sage Pro cannot show is on the timeline, not a dead letter.
      const kind = (error as { kind?: string }).kind;
      if (!['field_in_use', 'unknown_status_code', 'order_not_found', 'validation'].includes(kind ?? '')) throw error;
    }
  }
}
