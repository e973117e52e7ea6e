/**
 * How an approved payment finds its Sage Pro invoice: the document number the payer gave (PayTrace
 * invoice_id by default) against the invoice number, then the sales order number, then the customer's
 * PO number; failing those, an open invoice of the customer for exactly the amount, dated within the
 * integration's window. The first query that finds exactly one open invoice wins.
 */
import type { InvoiceQuery, OpenInvoice } from '../../sagepro/company.js';
import type { PaymentEvent } from '../events/settle-event.js';
import { addDays, sageDate } from './posting-rules.js';

export interface MatchRule {
  /** Days either side of the payment date for the customer + amount fallback. */
  windowDays: number;
  timeZone: string;
}

export interface NamedQuery {
  rule: 'invoice_number' | 'order_number' | 'po_number' | 'customer_amount_date';
  query: InvoiceQuery;
}

/** Sage Pro invoice numbers are char(10), order numbers char(10), PO numbers char(20). */
const FITS = { invno: 10, sono: 10, ponum: 20 } as const;

export function invoiceQueries(event: PaymentEvent, rule: MatchRule): NamedQuery[] {
  const queries: NamedQuery[] = [];
  const document = normaliseDocumentNumber(event.documentNumber);
  if (document) {
    if (document.length <= FITS.invno) queries.push({ rule: 'invoice_number', query: { invno: document } });
    if (document.length <= FITS.sono) queries.push({ rule: 'order_number', query: { sono: document } });
    if (document.length <= FITS.ponum) queries.push({ rule: 'po_number', query: { ponum: document } });
  }
  const custno = sageCustomerNumber(event.customer?.number);
  if (custno) {
    const day = sageDate(event.occurredAt, rule.timeZone);
    queries.push({
      rule: 'customer_amount_date',
      query: { custno, amountCents: event.amountMinor, currency: event.currency, from: addDays(day, -rule.windowDays), to: addDays(day, rule.windowDays) },
    });
  }
  return queries;
}

/**
 * The invoice number a payment's first match rule asks Sage Pro for, if any: what a drain looks up
 * for all its payments at once. Approved and declined payments match invoices; a sale a person
 * already placed in review does not.
 */
export function invoiceNumberToMatch(event: PaymentEvent, placedInReview: boolean): string | null {
  if (placedInReview || (event.type !== 'payment.approved' && event.type !== 'payment.declined')) return null;
  const document = normaliseDocumentNumber(event.documentNumber);
  return document && document.length <= FITS.invno ? document : null;
}

/** A payer's customer number as Sage Pro keys it (arcust.custno: up to 6 of A-Z, 0-9, '-'), or null when it cannot be one. */
export function sageCustomerNumber(value: string | undefined): string | null {
  const custno = value?.trim().toUpperCase();
  return custno && /^[A-Z0-9-]{1,6}$/.test(custno) ? custno : null;
}

/** 'INV-1001 ' → 'INV-1001'; '#1001' stays as given (Shopify order names are matched as PO numbers). */
export function normaliseDocumentNumber(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed.toUpperCase() : null;
}

export type InvoiceChoice = { kind: 'one'; invoice: OpenInvoice } | { kind: 'none' } | { kind: 'ambiguous'; candidates: string[] };

/** Several open invoices for one query: the one whose balance is the amount, if exactly one is. */
export function chooseInvoice(found: OpenInvoice[], amountMinor: number): InvoiceChoice {
  if (found.length === 0) return { kind: 'none' };
  if (found.length === 1) return { kind: 'one', invoice: found[0] };
  const exact = found.filter((invoice) => invoice.balanceCents === amountMinor);
  if (exact.length === 1) return { kind: 'one', invoice: exact[0] };
  return { kind: 'ambiguous', candidates: found.map((invoice) => invoice.invno) };
}
