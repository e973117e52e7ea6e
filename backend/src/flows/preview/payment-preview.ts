/**
 * What a version of a payment-sync flow would do with one payment, written nowhere: the branch it
 * takes, every rule that fires (filter, match, decision, status, GL account, date) and the Sage Pro
 * rows the connector would write, planned from reads without locks (KyselySageProCompany.planPayment;
 * a refund, void or chargeback: planReversal, of the receipt Sage Pro holds under the sale's reference).
 * The pipeline reads a flow through the same branchSettings and decides with the same plain functions
 * (decideSale, decideDecline, decideReversal), so the preview shows what a run would do.
 *
 * It does not consult Settle's own records (an earlier receipt of the payment, a Settle sales order,
 * a paid invoice): a preview answers "what would this flow do with this payment", not "what has been done".
 */
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import { decideDecline, decideReversal, decideSale } from '../../pipeline/workflows/payment-decisions.js';
import type { InvoiceChoice, NamedQuery } from '../../pipeline/workflows/invoice-matching.js';
import { paymentStatusFor, sageDate } from '../../pipeline/workflows/posting-rules.js';
import type { BaseRate, CashReceipt, CodeCheck, IncomingPayment, InvoiceQuery, OpenInvoice, PlannedReversal, ReceiptReversal, RefusedCode } from '../../sagepro/company.js';
import { invoiceStatusText, type PaymentStatus } from '../../sagepro/payment-status.js';
import type { ReceiptPlan } from '../../sagepro/receipt-plan.js';
import { payTraceReference } from '../../sagepro/references.js';
import { branchSettings, type BranchSettings, type PairSettings, stepsOn } from '../definition/branch-settings.js';
import type { FlowDefinition } from '../definition/flow-definition.js';
import { chooseWithTolerance, referenceQueries } from '../transformations/reference-matching.js';
import { triggerOf } from '../transformations/status-map.js';
import { convertPayment, noRateMessage } from '../transformations/currency-conversion.js';
import type { RateTable } from '../transformations/exchange-rates.js';
import { mapPayment, mapPaymentStatus, mapReversal, type MappedRule, type MappingProblem } from '../mappings/payment-mapping.js';
import { receiptFactOf, withoutReceipt } from './reversal-preview.js';
import type { StatusInputs } from '../mappings/payment-inputs.js';

export interface PreviewRow {
  table: string;
  action: 'insert' | 'update';
  /** The record: a reference, an invoice number, an id. */
  key: string;
  values: Record<string, unknown>;
}

export interface PreviewRule {
  step: string;
  rule: string;
  detail?: Record<string, unknown>;
}

export interface PreviewProblem {
  field: string;
  message: string;
}

export interface FlowPreview {
  trigger: string;
  /** False: the flow's trigger (or a filter) stops the event; nothing happens in Sage Pro. */
  taken: boolean;
  decision: string;
  summary: string;
  status: PaymentStatus | null;
  glAccount: string | null;
  firedRules: PreviewRule[];
  rows: PreviewRow[];
  problems: PreviewProblem[];
}

/** What a preview may ask the pair's Sage Pro company: reads only. */
export interface PreviewReads {
  findOpenInvoices(query: InvoiceQuery): Promise<OpenInvoice[]>;
  planPayment(target: { invno: string } | { custno: string }, payment: IncomingPayment): Promise<ReceiptPlan>;
  /** Where payment statuses go and their codes (the connection's posting settings). */
  statusCodes: Partial<Record<PaymentStatus, string>>;
  statusOnInvoice: boolean;
  /** The status also goes on the invoice's sales order (somast.orderstat). */
  statusOnOrder?: boolean;
  /** The company's chart and ORDRSTAT codes for mapped values (SageProCompany.checkCodes). */
  checkCodes?(codes: CodeCheck): Promise<RefusedCode[]>;
  /** The tenant's rates for one pair of currencies and date (the pipeline's table), for a flow that converts. */
  rates?(from: string, to: string, date: string): Promise<RateTable>;
  /** The customer's currency (arcust.currency), for a payment on account in a flow that converts. */
  customerCurrency?(custno: string): Promise<string | undefined>;
  /** The receipt Sage Pro holds under a Settle reference (SageProCompany.findReceipt), for a reversal. */
  findReceipt?(reference: string): Promise<CashReceipt | null>;
  /** What reverseReceipt would write (KyselySageProCompany.planReversal). */
  planReversal?(reversal: ReceiptReversal): Promise<PlannedReversal<ReceiptPlan>>;
  /** The tenant's rate to the company's base currency on a date (the pipeline's baseRateOn), for bbal. */
  baseRate?(currency: string, date: string): Promise<BaseRate | undefined>;
}

/** Evaluates a filter step's JSONata condition on the event. */
export type ConditionCheck = (condition: string, event: PaymentEvent) => Promise<boolean>;

export async function previewPayment(definition: FlowDefinition, event: PaymentEvent, pair: PairSettings, reads: PreviewReads, passes: ConditionCheck): Promise<FlowPreview> {
  const trigger = triggerOf(event.type);
  const preview: FlowPreview = { trigger, taken: true, decision: '', summary: '', status: null, glAccount: null, firedRules: [], rows: [], problems: [] };
  const triggerStep = definition.steps.find((step) => step.type === 'trigger');
  if (triggerStep?.type !== 'trigger' || !triggerStep.config.triggers.includes(trigger)) {
    return stopped(preview, 'ignored', `The flow takes no ${trigger} payments: nothing is written.`);
  }
  for (const filter of stepsOn(definition, 'filter', trigger)) {
    const through = await passes(filter.config.condition, event);
    preview.firedRules.push({ step: filter.id, rule: through ? 'passed' : filter.config.otherwise, detail: { condition: filter.config.condition } });
    if (!through) return stopped(preview, filter.config.otherwise === 'review' ? 'review' : 'ignored', `${filter.config.reason} (filter "${filter.id}").`);
  }
  const settings = branchSettings(definition, trigger, pair);
  const date = sageDate(event.occurredAt, settings.timeZone);
  preview.firedRules.push({ step: 'transform', rule: 'date', detail: { date, timeZone: settings.timeZone } });
  const gl = settings.gl(event);
  // No pair in the environment: no connection, so no account to name.
  if (gl?.account) {
    preview.glAccount = gl.account;
    preview.firedRules.push({ step: 'transform', rule: `gl:${gl.rule}`, detail: { account: gl.account } });
  }
  if (trigger === 'settled') return stopped(preview, 'ignored', 'A settlement changes nothing in Sage Pro.');
  try {
    const mappedStatus = await mapPaymentStatus(null, settings.mappings, event, reads.checkCodes && ((codes) => reads.checkCodes!(codes)));
    if (!mapped(preview, mappedStatus)) return preview;
    switch (trigger) {
      case 'approved':
        return await sale(preview, event, settings, reads, date, mappedStatus.status);
      case 'declined':
        return await decline(preview, event, settings, reads, mappedStatus.status);
      default:
        return await reversal(preview, event, settings, reads, date, mappedStatus.status);
    }
  } catch (error) {
    const { field, message } = error as { field?: string; message: string };
    preview.problems.push({ field: field ?? 'event', message });
    preview.summary = `It would not be written: ${message}`;
    return preview;
  }
}

/** The mapping's fired rules and problems on the preview; false (and the summary says so) when it has problems. */
function mapped(preview: FlowPreview, mapping: { fired: MappedRule[]; errors: MappingProblem[] }): boolean {
  preview.firedRules.push(...mapping.fired.map(({ rule, kind }) => ({ step: 'transform', rule: `mapping:${rule}`, detail: { kind } })));
  if (!mapping.errors.length) return true;
  preview.problems.push(...mapping.errors.map(({ rule, message }) => ({ field: `mappings.${rule}`, message })));
  preview.summary = 'It would not be written: a field mapping breaks a Sage Pro field rule.';
  return false;
}

async function sale(preview: FlowPreview, event: PaymentEvent, settings: BranchSettings, reads: PreviewReads, date: string, mappedStatus: StatusInputs): Promise<FlowPreview> {
  const match = await matchInvoice(preview, event, settings, reads);
  const decision = decideSale(event, { match, order: null, paidInvoice: null }, settings.unmatched);
  preview.decision = decision.kind;
  preview.firedRules.push({ step: 'decide', rule: 'rule' in decision ? decision.rule : decision.reason });
  if (decision.kind === 'apply_to_order') throw new Error('A preview knows no Settle sales order');
  if (decision.kind === 'review') {
    preview.summary = `A person decides in review (${decision.reason.replaceAll('_', ' ')}): nothing is written yet.`;
    return preview;
  }
  const cashAccount = settings.ruledAccount(event);
  const defaults: IncomingPayment = { reference: payTraceReference(event.transactionId), amountCents: event.amountMinor, date, currency: event.currency, ...(cashAccount ? { cashAccount } : {}) };
  const mapping = await mapPayment(null, settings.mappings, event, defaults, reads.checkCodes && ((codes) => reads.checkCodes!(codes)));
  if (!mapped(preview, mapping)) return preview;
  const payment = await inCurrencyOf(preview, mapping.payment, decision.kind === 'apply_to_invoice' ? decision.currency : await reads.customerCurrency?.(decision.custno), settings, reads);
  if (!payment) return preview;
  const target = decision.kind === 'on_account' ? { custno: decision.custno } : { invno: decision.invno };
  preview.rows.push(...rowsOf(await reads.planPayment(target, payment)));
  if (decision.kind === 'apply_to_invoice') {
    statusRows(preview, settings.status(decision.status), { invno: decision.invno, sono: orderOf(match) }, payment.reference, reads, mappedStatus);
    const converted = payment.currency === event.currency ? '' : ` (${payment.amountCents} ${payment.currency} minor units converted)`;
    preview.summary = `A cash receipt of ${event.amountMinor} ${event.currency} minor units${converted} on invoice ${decision.invno}${preview.status ? `, status ${preview.status}` : ''}.`;
  } else {
    preview.summary = `A payment on account of customer ${decision.custno}.`;
  }
  return preview;
}

/**
 * The payment in the invoice's (or the customer's) currency when the flow converts, as the pipeline
 * converts it; null, with the problem the pipeline would dead-letter (`no_rate`), when the date has no rate.
 */
async function inCurrencyOf(preview: FlowPreview, payment: IncomingPayment, currency: string | undefined, settings: BranchSettings, reads: PreviewReads): Promise<IncomingPayment | null> {
  if (!currency || currency === payment.currency || settings.currencyMode !== 'convert' || !reads.rates) return payment;
  const result = convertPayment(payment, currency, await reads.rates(payment.currency, currency, payment.date));
  if (result.kind === 'no_rate') {
    preview.problems.push({ field: 'currency', message: noRateMessage(result) });
    preview.summary = `It would not be written: a no_rate dead letter (${noRateMessage(result)}).`;
    return null;
  }
  const { conversion, discountMinor } = result;
  preview.firedRules.push({
    step: 'transform',
    rule: `rate:${conversion.rate.date}`,
    detail: { from: { amountMinor: payment.amountCents, currency: payment.currency }, to: { amountMinor: conversion.amountMinor, currency }, rate: conversion.rate.rate, ...(discountMinor ? { discountMinor } : {}) },
  });
  return result.payment;
}

async function decline(preview: FlowPreview, event: PaymentEvent, settings: BranchSettings, reads: PreviewReads, mappedStatus: StatusInputs): Promise<FlowPreview> {
  const match = await matchInvoice(preview, event, settings, reads);
  const decided = decideDecline({ match, order: null, paidInvoice: null });
  preview.decision = 'mark_failed';
  const invno = decided.target?.invno;
  if (!invno) {
    preview.summary = 'No invoice matched: the decline is recorded in Settle only.';
    return preview;
  }
  statusRows(preview, settings.status(decided.status), { invno, sono: orderOf(match) }, payTraceReference(event.transactionId), reads, mappedStatus);
  preview.summary = preview.status ? `Invoice ${invno} is marked ${preview.status}.` : `The flow writes no status for a decline: invoice ${invno} is left as it is.`;
  return preview;
}

/**
 * A refund, void or chargeback as the pipeline's reversal path runs it: the receipt (here: Sage Pro's,
 * under the sale's reference), decideReversal, the flow's GL account and gl_distribution description,
 * the connector's reversal plan, then the status on the receipt's invoice. A receipt in another currency
 * than the event's (the flow converted the sale; the plan refuses it naming `currency`) is not planned:
 * the pipeline reverses it at the rate Settle recorded with the receipt, which a preview does not read.
 */
async function reversal(preview: FlowPreview, event: PaymentEvent, settings: BranchSettings, reads: PreviewReads, date: string, mappedStatus: StatusInputs): Promise<FlowPreview> {
  preview.decision = 'reverse';
  const sale = event.type === 'payment.voided' ? event.transactionId : event.originalTransactionId;
  if (!sale) {
    preview.decision = 'find_receipt';
    preview.summary = `It names no original transaction: the pipeline finds its receipt by document ${event.documentNumber ?? '(none)'} among Settle's records of receipts, which a preview does not read${statusOfTrigger(preview, event, settings)}.`;
    return preview;
  }
  if (!reads.findReceipt || !reads.planReversal) {
    const message = 'no Sage Pro company to read the receipt in: connect an integration pair in this environment';
    preview.problems.push({ field: 'environment', message });
    preview.summary = `It would not be written: ${message}${statusOfTrigger(preview, event, settings)}.`;
    return preview;
  }
  const reference = payTraceReference(sale);
  const receipt = await reads.findReceipt(reference);
  preview.firedRules.push({ step: 'match', rule: 'original_transaction', detail: { receipt: reference, found: receipt !== null } });
  if (!receipt) {
    preview.decision = 'no_receipt';
    preview.summary = `No receipt of transaction ${sale} in Sage Pro (${reference}): ${withoutReceipt(event, date)}${statusOfTrigger(preview, event, settings)}.`;
    return preview;
  }
  const fact = receiptFactOf(receipt);
  const decision = decideReversal(event, { receipts: [fact], sale: 'finished', waitedMs: 0, maxWaitMs: 0 }, date);
  if (decision.kind !== 'reverse') {
    preview.decision = decision.kind;
    preview.summary = `Receipt ${reference} is not reversed: ${'why' in decision ? decision.why : decision.reason}.`;
    return preview;
  }
  const { placement } = decision;
  preview.firedRules.push({ step: 'decide', rule: decision.reversal.kind, detail: { receipt: reference, invno: fact.invno, reversesMinor: placement.reversedMinor, ...(placement.beyondReceiptMinor ? { beyondReceiptMinor: placement.beyondReceiptMinor } : {}) } });
  const account = settings.ruledAccount(event);
  const ruled: ReceiptReversal = { ...decision.reversal, currency: event.currency, ...(account ? { account } : {}) };
  const baseRate = await reads.baseRate?.(event.currency, ruled.date);
  const described = await mapReversal(null, settings.mappings, event);
  if (!mapped(preview, described)) return preview;
  const planned = await reads.planReversal({ ...ruled, ...(baseRate ? { baseRate } : {}), ...described.reversal }).catch((error: { field?: string }) => {
    if (error.field === 'currency') return null;
    throw error;
  });
  if (!planned) {
    preview.summary = `Receipt ${reference} is in another currency than ${event.currency} (the flow converted the sale): the pipeline reverses it at the rate Settle recorded with the receipt, which a preview does not read, so no rows are planned.`;
    return preview;
  }
  if (planned.kind === 'already_applied') {
    preview.summary = `Sage Pro already holds ${decision.reversal.reference}: the write would answer AlreadyApplied, writing nothing.`;
    return preview;
  }
  const credited = String(planned.plan.arcash[0]?.cashacct ?? '').trim();
  preview.firedRules.push({ step: 'transform', rule: 'credit', detail: { account: credited } });
  preview.rows.push(...rowsOf(planned.plan));
  const status = settings.status(decision.status);
  if (fact.invno) statusRows(preview, status, { invno: fact.invno, sono: planned.orders[fact.invno] ?? null }, reference, reads, mappedStatus);
  else preview.status = null;
  const beyond = placement.beyondReceiptMinor ? ` (${placement.beyondReceiptMinor} beyond what is left is not reversed)` : '';
  preview.summary = `Reverses receipt ${reference} by ${placement.reversedMinor} ${event.currency} minor units${beyond}${preview.status ? `, status ${preview.status}` : ''}, crediting ${credited}.`;
  return preview;
}

/**
 * The status the flow's map gives the trigger, named while no receipt decides the write (a person
 * checking a changed status map sees it on any sample): on the preview, its fired rules and as the
 * end of the summary ('; when it reverses the receipt, the flow writes status voided').
 */
function statusOfTrigger(preview: FlowPreview, event: PaymentEvent, settings: BranchSettings): string {
  preview.status = settings.status(paymentStatusFor(event.type)!);
  if (!preview.status) return '; the flow writes no status for it';
  preview.firedRules.push({ step: 'transform', rule: `status:${preview.status}` });
  return `; when it reverses the receipt, the flow writes status ${preview.status}`;
}

async function matchInvoice(preview: FlowPreview, event: PaymentEvent, settings: BranchSettings, reads: PreviewReads): Promise<{ rule: NamedQuery['rule'] | null; choice: InvoiceChoice }> {
  for (const { rule, query } of referenceQueries(event, settings.match, settings.matchDefaults)) {
    const choice = chooseWithTolerance(await reads.findOpenInvoices(query), event.amountMinor, settings.toleranceMinor);
    if (choice.kind !== 'none') {
      preview.firedRules.push({ step: 'match', rule, detail: { choice: choice.kind, ...(choice.kind === 'one' ? { invno: choice.invoice.invno } : { candidates: choice.candidates }) } });
      return { rule, choice };
    }
  }
  preview.firedRules.push({ step: 'match', rule: 'no_match' });
  return { rule: null, choice: { kind: 'none' } };
}

/** The matched invoice's sales order (armast.ornum), when it has one. */
function orderOf(match: { choice: InvoiceChoice }): string | null {
  return match.choice.kind === 'one' ? match.choice.invoice.sono || null : null;
}

/** The status on the invoice and, when it has one, its sales order (the flow's mapped code in place of the status's). */
function statusRows(preview: FlowPreview, status: PaymentStatus | null, on: { invno: string; sono: string | null }, reference: string, reads: PreviewReads, mappedStatus: StatusInputs): void {
  preview.status = status;
  if (!status) return;
  preview.firedRules.push({ step: 'transform', rule: `status:${status}` });
  const code = reads.statusCodes[status];
  if (!code) return;
  if (reads.statusOnInvoice) preview.rows.push({ table: 'armast', action: 'update', key: on.invno, values: { refno: invoiceStatusText(code, reference) } });
  if (reads.statusOnOrder && on.sono) preview.rows.push({ table: 'somast', action: 'update', key: on.sono, values: { orderstat: mappedStatus.orderStatus || code } });
}

function rowsOf(plan: ReceiptPlan): PreviewRow[] {
  return [
    ...plan.arcash.map((row): PreviewRow => ({ table: 'arcash', action: 'insert', key: String(row.refno ?? ''), values: row })),
    ...plan.armastUpdates.map((update): PreviewRow => ({ table: 'armast', action: 'update', key: `id ${update.id}`, values: update.row })),
    ...(plan.openCredit ? [{ table: 'armast', action: 'insert' as const, key: 'open credit', values: plan.openCredit }] : []),
    { table: 'arcust', action: 'update', key: `id ${plan.arcustUpdate.id}`, values: plan.arcustUpdate.row },
    ...plan.ardistLines.map((row): PreviewRow => ({ table: 'ardist', action: 'insert', key: String(row.glacnt ?? ''), values: row })),
  ];
}

function stopped(preview: FlowPreview, decision: string, summary: string): FlowPreview {
  return { ...preview, taken: false, decision, summary };
}
