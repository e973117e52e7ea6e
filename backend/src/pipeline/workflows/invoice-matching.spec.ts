import { describe, expect, it } from 'vitest';
import { checkInvoiceQuery } from '../../sagepro/checks.js';
import type { OpenInvoice } from '../../sagepro/company.js';
import type { PaymentEvent } from '../events/settle-event.js';
import { chooseInvoice, invoiceNumberToMatch, invoiceQueries, type MatchRule, normaliseDocumentNumber } from './invoice-matching.js';

const rule: MatchRule = { windowDays: 3, timeZone: 'America/Los_Angeles' };

const payment = (extra: Partial<PaymentEvent> = {}): PaymentEvent => ({
  type: 'payment.approved',
  transactionId: '123456789',
  amountMinor: 12_550,
  currency: 'USD',
  occurredAt: '2026-10-15T17:20:00.000Z',
  method: 'card',
  ...extra,
});

const invoice = (invno: string, balanceCents: number, extra: Partial<OpenInvoice> = {}): OpenInvoice => ({
  invno,
  custno: 'ACM100',
  invoiceDate: '2026-10-01',
  sono: null,
  ponum: '',
  amountCents: balanceCents,
  paidCents: 0,
  balanceCents,
  currency: 'USD',
  ...extra,
});

describe('invoiceQueries', () => {
  it('tries the invoice number, then the order number, then the PO number, then customer + amount + date', () => {
    const queries = invoiceQueries(payment({ documentNumber: '1001', customer: { number: 'ACM100' } }), rule);
    expect(queries).toEqual([
      { rule: 'invoice_number', query: { invno: '1001' } },
      { rule: 'order_number', query: { sono: '1001' } },
      { rule: 'po_number', query: { ponum: '1001' } },
      { rule: 'customer_amount_date', query: { custno: 'ACM100', amountCents: 12_550, currency: 'USD', from: '2026-10-12', to: '2026-10-18' } },
    ]);
  });

  it('uses the document number trimmed and upper-cased', () => {
    const queries = invoiceQueries(payment({ documentNumber: '  inv-1001 ' }), rule);
    expect(queries.map((q) => q.query)).toEqual([{ invno: 'INV-1001' }, { sono: 'INV-1001' }, { ponum: 'INV-1001' }]);
  });

  it('a document number of exactly 10 characters still fits invno and sono', () => {
    const queries = invoiceQueries(payment({ documentNumber: 'INV0001001' }), rule);
    expect(queries.map((q) => q.rule)).toEqual(['invoice_number', 'order_number', 'po_number']);
  });

  it('a document number too long for invno and sono (11–20 characters) is only tried as a PO number', () => {
    expect(invoiceQueries(payment({ documentNumber: 'PO-2026-00077' }), rule)).toEqual([{ rule: 'po_number', query: { ponum: 'PO-2026-00077' } }]);
    const twenty = 'ACME-PO-2026-0000077';
    expect(twenty).toHaveLength(20);
    expect(invoiceQueries(payment({ documentNumber: twenty }), rule)).toEqual([{ rule: 'po_number', query: { ponum: twenty } }]);
  });

  it('a document number too long for any field is not queried; the customer fallback still is', () => {
    const queries = invoiceQueries(payment({ documentNumber: 'ACME-PO-2026-00000077', customer: { number: 'ACM100' } }), rule);
    expect(queries.map((q) => q.rule)).toEqual(['customer_amount_date']);
  });

  it('without a document number or a customer number there is nothing to look for', () => {
    expect(invoiceQueries(payment(), rule)).toEqual([]);
    expect(invoiceQueries(payment({ documentNumber: '   ', customer: { number: '  ', email: 'ap@acme.example' } }), rule)).toEqual([]);
  });

  it('a payer known only by email gets no customer + amount query', () => {
    const queries = invoiceQueries(payment({ documentNumber: '1001', customer: { email: 'ap@acme.example' } }), rule);
    expect(queries.map((q) => q.rule)).toEqual(['invoice_number', 'order_number', 'po_number']);
  });

  it('the customer number is trimmed', () => {
    const [query] = invoiceQueries(payment({ customer: { number: ' ACM100 ' } }), rule);
    expect(query.query).toMatchObject({ custno: 'ACM100' });
  });

  it('centres the window on the payment date in the tenant zone, not in UTC', () => {
    // 2026-03-01 05:30 UTC is still 2026-02-28 in Los Angeles.
    const event = payment({ occurredAt: '2026-03-01T05:30:00.000Z', customer: { number: 'ACM100' } });
    expect(invoiceQueries(event, rule)[0].query).toEqual({ custno: 'ACM100', amountCents: 12_550, currency: 'USD', from: '2026-02-25', to: '2026-03-03' });
    expect(invoiceQueries(event, { ...rule, timeZone: 'UTC' })[0].query).toMatchObject({ from: '2026-02-26', to: '2026-03-04' });
  });

  it('the window crosses a year end, and a zero-day window is the payment day alone', () => {
    const event = payment({ occurredAt: '2027-01-01T20:00:00.000Z', customer: { number: 'ACM100' } });
    expect(invoiceQueries(event, { ...rule, windowDays: 5 })[0].query).toMatchObject({ from: '2026-12-27', to: '2027-01-06' });
    expect(invoiceQueries(event, { ...rule, windowDays: 0 })[0].query).toMatchObject({ from: '2027-01-01', to: '2027-01-01' });
  });
});

describe('invoiceQueries builds only queries Sage Pro accepts', () => {
  it('document numbers of every length give queries the connector’s own check accepts', () => {
    for (const documentNumber of ['1', 'INV0001001', 'PO-2026-00077', 'ACME-PO-2026-0000077', 'ACME-PO-2026-00000077']) {
      for (const { query } of invoiceQueries(payment({ documentNumber, customer: { number: 'ACM100' } }), rule)) {
        expect(() => checkInvoiceQuery(query)).not.toThrow();
      }
    }
  });

  // BUG (reported): the document number is checked against its field widths, the customer number is
  // not. PayTrace vault customer ids are merchant-chosen (its own example is 'customer456'); one longer
  // than Sage Pro's char(6) custno yields a customer + amount query that findOpenInvoices refuses with a
  // validation error, so an unmatched payment becomes a validation dead letter (armast.custno) instead
  // of going to manual review or on account.
  it('a vault customer id too long for a Sage Pro customer number gives no customer + amount query', () => {
    const queries = invoiceQueries(payment({ documentNumber: '1001', customer: { number: 'customer456' } }), rule);
    for (const { query } of queries) expect(() => checkInvoiceQuery(query)).not.toThrow();
  });
});

describe('normaliseDocumentNumber', () => {
  it('trims and upper-cases', () => {
    expect(normaliseDocumentNumber('INV-1001 ')).toBe('INV-1001');
    expect(normaliseDocumentNumber(' so-5541')).toBe('SO-5541');
  });

  it('keeps a shop order name as given', () => {
    expect(normaliseDocumentNumber('#1001')).toBe('#1001');
  });

  it('nothing, or only blanks, is no document number', () => {
    expect(normaliseDocumentNumber(undefined)).toBeNull();
    expect(normaliseDocumentNumber('')).toBeNull();
    expect(normaliseDocumentNumber('   ')).toBeNull();
  });
});

describe('chooseInvoice', () => {
  it('nothing found is none', () => {
    expect(chooseInvoice([], 12_550)).toEqual({ kind: 'none' });
  });

  it('a single open invoice is the one, even when its balance differs from the amount', () => {
    const only = invoice('      1001', 20_000);
    expect(chooseInvoice([only], 12_550)).toEqual({ kind: 'one', invoice: only });
  });

  it('of several, the only one whose balance is the amount wins', () => {
    const exact = invoice('      1002', 12_550);
    const choice = chooseInvoice([invoice('      1001', 20_000), exact, invoice('      1003', 5_000)], 12_550);
    expect(choice).toEqual({ kind: 'one', invoice: exact });
  });

  it('several with no exact balance are ambiguous, listing every candidate', () => {
    const choice = chooseInvoice([invoice('      1001', 20_000), invoice('      1003', 5_000)], 12_550);
    expect(choice).toEqual({ kind: 'ambiguous', candidates: ['      1001', '      1003'] });
  });

  it('two with the exact balance are ambiguous too: the tie-break only decides a single exact match', () => {
    const choice = chooseInvoice([invoice('      1001', 12_550), invoice('      1002', 12_550), invoice('      1003', 9_000)], 12_550);
    expect(choice).toEqual({ kind: 'ambiguous', candidates: ['      1001', '      1002', '      1003'] });
  });
});

describe('invoiceNumberToMatch', () => {
  it('is the invoice-number query of an approved or declined payment, as invoiceQueries asks it', () => {
    const event = payment({ documentNumber: ' inv-1001 ' });
    expect(invoiceNumberToMatch(event, false)).toBe('INV-1001');
    expect(invoiceQueries(event, rule)[0]).toEqual({ rule: 'invoice_number', query: { invno: 'INV-1001' } });
    expect(invoiceNumberToMatch(payment({ type: 'payment.declined', documentNumber: '1001' }), false)).toBe('1001');
  });

  it('none for a reversal, a sale a person placed in review, no document, or one too long for armast.invno', () => {
    expect(invoiceNumberToMatch(payment({ type: 'payment.refunded', documentNumber: '1001' }), false)).toBeNull();
    expect(invoiceNumberToMatch(payment({ documentNumber: '1001' }), true)).toBeNull();
    expect(invoiceNumberToMatch(payment(), false)).toBeNull();
    expect(invoiceNumberToMatch(payment({ documentNumber: 'PO-12345678' }), false)).toBeNull();
  });
});
