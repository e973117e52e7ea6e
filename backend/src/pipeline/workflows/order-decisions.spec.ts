import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../sagepro/company.js';
import { SETTLE_REFERENCE } from '../../sagepro/references.js';
import type { OrderAddress, OrderEvent } from '../events/settle-event.js';
import { decideCustomer, orderReference, salesOrderFor } from './order-decisions.js';

const billing: OrderAddress = { line1: '100 Market St', line2: 'Suite 4', city: 'San Francisco', state: 'CA', zip: '94105', country: 'US' };
const shipping: OrderAddress = { line1: '2 Dock Rd', line2: '', city: 'Oakland', state: 'CA', zip: '94607', country: 'US' };

const order = (extra: Partial<OrderEvent> = {}): OrderEvent => ({
  type: 'order.created',
  orderId: '5012345678901',
  orderNumber: '#1001',
  occurredAt: '2026-10-15T17:20:00.000Z',
  currency: 'USD',
  totalMinor: 7_450,
  customer: { email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace', company: 'Acme Analytical', phone: '+1 415 555 0100' },
  billingAddress: billing,
  shippingAddress: shipping,
  lines: [
    { sku: ' wid-100 ', title: 'Widget', quantity: 2, priceMinor: 2_500 },
    { sku: 'GAD-7', title: 'Gadget', quantity: 1, priceMinor: 2_450 },
  ],
  ...extra,
});

const existing = (custno: string): CustomerRecord => ({
  custno,
  company: 'Acme Analytical',
  contact: 'Ada Lovelace',
  title: '',
  address: { ...billing },
  phone: '',
  fax: '',
  email: 'ada@acme.example',
  currency: 'USD',
  terms: { code: 'Net 30', discountPercent: 0, discountDays: 0, netDays: 30 },
  salesperson: '',
  territory: '',
  type: '',
  source: '',
  arAccount: '',
  creditLimitCents: 0,
  balanceCents: 0,
  onOrderCents: 0,
  creditHold: false,
  active: true,
  lockedBy: null,
  reference: null,
});

describe('orderReference', () => {
  it('is SHOP:<order id> and is a valid Settle reference', () => {
    expect(orderReference(order())).toBe('SHOP:5012345678901');
    expect(orderReference(order())).toMatch(SETTLE_REFERENCE);
  });

  it('the customer reference derived from it is a valid Settle reference too', () => {
    const decision = decideCustomer(order(), []);
    expect(decision.kind === 'create' && decision.customer.reference).toBe('SHOP:5012345678901:C');
    expect(decision.kind === 'create' && decision.customer.reference).toMatch(SETTLE_REFERENCE);
  });

  it('fits the 40-character limit for Shopify’s largest order ids', () => {
    const longest = order({ orderId: '9'.repeat(19) });
    expect(orderReference(longest)).toMatch(SETTLE_REFERENCE);
    const decision = decideCustomer(longest, []);
    expect(decision.kind === 'create' && decision.customer.reference).toMatch(SETTLE_REFERENCE);
  });
});

describe('decideCustomer', () => {
  it('a customer found by the order’s email is used as is', () => {
    expect(decideCustomer(order(), [existing('ACM100')])).toEqual({ kind: 'existing', custno: 'ACM100' });
  });

  it('of several found, the first (lowest custno) is used', () => {
    expect(decideCustomer(order(), [existing('ACM100'), existing('ACM101')])).toEqual({ kind: 'existing', custno: 'ACM100' });
  });

  it('nobody found: creates the customer from the order', () => {
    expect(decideCustomer(order(), [])).toEqual({
      kind: 'create',
      customer: {
        reference: 'SHOP:5012345678901:C',
        company: 'Acme Analytical',
        contact: 'Ada Lovelace',
        email: 'ada@acme.example',
        phone: '+1 415 555 0100',
        address: { line1: '100 Market St', line2: 'Suite 4', city: 'San Francisco', state: 'CA', zip: '94105', country: 'US' },
        currency: 'USD',
      },
    });
  });

  it('a consumer without a company is named after the person', () => {
    const decision = decideCustomer(order({ customer: { email: 'ada@acme.example', firstName: 'Ada', lastName: '', company: '', phone: '' } }), []);
    expect(decision).toMatchObject({ kind: 'create', customer: { company: 'Ada', contact: 'Ada', phone: undefined } });
  });

  it('with neither company nor name, the email is the company and there is no contact', () => {
    const decision = decideCustomer(order({ customer: { email: 'ada@acme.example', firstName: '', lastName: '', company: '', phone: '' } }), []);
    expect(decision).toMatchObject({ kind: 'create', customer: { company: 'ada@acme.example', contact: undefined, email: 'ada@acme.example' } });
  });

  it('cuts names and phone to Sage Pro’s field widths (company 35, contact 30, phone 20)', () => {
    const customer = {
      email: 'ap@acme.example',
      firstName: 'Maximiliana Augusta',
      lastName: 'von Habsburg-Lothringen',
      company: 'The Extraordinarily Long Company Name of Acme, Incorporated',
      phone: '+1 (415) 555-0100 ext. 12345',
    };
    const decision = decideCustomer(order({ customer }), []);
    if (decision.kind !== 'create') throw new Error('expected a new customer');
    expect(decision.customer.company).toBe('The Extraordinarily Long Company Na');
    expect(decision.customer.company).toHaveLength(35);
    expect(decision.customer.contact).toBe('Maximiliana Augusta von Habsbu');
    expect(decision.customer.contact).toHaveLength(30);
    expect(decision.customer.phone).toBe('+1 (415) 555-0100 ex');
    expect(decision.customer.phone).toHaveLength(20);
  });

  it('an order without a billing address creates a customer without one', () => {
    const decision = decideCustomer(order({ billingAddress: null }), []);
    expect(decision.kind === 'create' && decision.customer.address).toBeUndefined();
  });
});

describe('salesOrderFor', () => {
  it('one sales order line per shop line, at the given location, referenced by the shop order', () => {
    expect(salesOrderFor(order(), 'ACM100', 'MAIN', 'America/Los_Angeles')).toEqual({
      custno: 'ACM100',
      reference: 'SHOP:5012345678901',
      ponum: '#1001',
      date: '2026-10-15',
      currency: 'USD',
      lines: [
        { item: 'WID-100', loctid: 'MAIN', qty: 2, priceCents: 2_500, description: 'Widget' },
        { item: 'GAD-7', loctid: 'MAIN', qty: 1, priceCents: 2_450, description: 'Gadget' },
      ],
      shipTo: { address: { line1: '2 Dock Rd', line2: '', city: 'Oakland', state: 'CA', zip: '94607', country: 'US' } },
    });
  });

  it('a yen order keeps its yen: ¥1,200 is 1200 JPY, for the connector to write as 1200.0000', () => {
    const yen = order({ currency: 'JPY', totalMinor: 1_200, lines: [{ sku: 'WID-100', title: 'Widget', quantity: 1, priceMinor: 1_200 }] });
    expect(salesOrderFor(yen, 'ACM100', 'MAIN', 'UTC')).toMatchObject({ currency: 'JPY', lines: [{ priceCents: 1_200 }] });
    expect(decideCustomer(yen, [])).toMatchObject({ kind: 'create', customer: { currency: 'JPY' } });
  });

  it('the order’s reference is a valid Settle reference', () => {
    expect(salesOrderFor(order(), 'ACM100', 'MAIN', 'UTC').reference).toMatch(SETTLE_REFERENCE);
  });

  it('is dated in the tenant zone: a late-evening Los Angeles order keeps its local date', () => {
    const late = order({ occurredAt: '2026-11-01T05:45:00.000Z' });
    expect(salesOrderFor(late, 'ACM100', 'MAIN', 'America/Los_Angeles').date).toBe('2026-10-31');
    expect(salesOrderFor(late, 'ACM100', 'MAIN', 'UTC').date).toBe('2026-11-01');
  });

  it('cuts the PO number to 20 characters and line descriptions to 30', () => {
    const long = order({
      orderNumber: 'ACME-STORE-ORDER-000001001',
      lines: [{ sku: 'wid-100', title: 'Widget, stainless steel, 40 mm, pack of 12', quantity: 3, priceMinor: 1_999 }],
    });
    const so = salesOrderFor(long, 'ACM100', 'MAIN', 'UTC');
    expect(so.ponum).toBe('ACME-STORE-ORDER-000');
    expect(so.lines[0].description).toBe('Widget, stainless steel, 40 mm');
  });

  it('an order without a shipping address has no ship-to', () => {
    expect(salesOrderFor(order({ shippingAddress: null }), 'ACM100', 'MAIN', 'UTC').shipTo).toBeUndefined();
  });
});
