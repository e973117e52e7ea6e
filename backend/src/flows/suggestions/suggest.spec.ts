import { describe, expect, it } from 'vitest';
import { sampleOrderEvent, samplePaymentEvent } from '../mappings/sample-source.js';
import { countDecision, type DecisionCount } from './priors.js';
import { sourceTree } from './source-tree.js';
import { DEFAULT_THRESHOLD, linesArray, suggestMappings, type TableSuggestions } from './suggest.js';
import { suggestTarget } from './target-spec.js';

const payTrace = {
  transaction_id: 1143021,
  invoice_id: '1001',
  customer_id: 'ACM100',
  amount: 110,
  tax_amount: '8.10',
  credit_card: { masked_number: '************5454' },
  created: { at: '11/3/2026 4:06:30 PM' },
  billing_address: { name: 'Ann Ames', street_address: '100 Main Street', city: 'Springfield', state: 'IL', zip: '62701' },
  receipt_emailed_to: 'ap@acme-hardware.example',
};

function field(result: TableSuggestions, name: string) {
  const found = result.fields.find((entry) => entry.field === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}

describe('suggestMappings', () => {
  it('ranks a PayTrace export onto ARCASH by names, formats and widths, with a reason', () => {
    const result = suggestMappings(sourceTree(payTrace), suggestTarget('arcash')!, { format: 'paytrace-export' });
    expect(field(result, 'invno').suggestion?.path).toBe('invoice_id');
    expect(field(result, 'invno').suggestion?.reason).toMatch(/^name: invoice_id ≈ invno \(invoice id\); 4-digit strings fit char\(10\)/);
    expect(field(result, 'custno').suggestion?.path).toBe('customer_id');
    expect(field(result, 'refno').suggestion?.path).toBe('transaction_id');
    expect(field(result, 'dtepaid').suggestion?.path).toBe('created.at');
    expect(field(result, 'paidamt').suggestion?.path).toBe('amount');
    for (const entry of result.fields) {
      for (const candidate of entry.candidates) {
        expect(candidate.confidence).toBeGreaterThanOrEqual(0);
        expect(candidate.confidence).toBeLessThanOrEqual(1);
      }
    }
  });

  it('says "no good source" rather than guess', () => {
    const result = suggestMappings(sourceTree(payTrace), suggestTarget('arcash')!);
    for (const name of ['disamt', 'cashacct', 'currid', 'arsess', 'adduser']) {
      expect(field(result, name)).toMatchObject({ abstained: 'no good source' });
      expect(field(result, name).suggestion).toBeUndefined();
    }
  });

  it('never suggests a masked card number, and tax is no payment amount', () => {
    const result = suggestMappings(sourceTree(payTrace), suggestTarget('arcash')!);
    for (const entry of result.fields) expect(entry.suggestion?.path).not.toBe('credit_card.masked_number');
    const paid = field(result, 'paidamt').candidates;
    const tax = paid.findIndex((candidate) => candidate.path === 'tax_amount');
    expect(tax === -1 || tax > 0).toBe(true);
  });

  it('suggests for the columns asked for only', () => {
    const result = suggestMappings(sourceTree(payTrace), suggestTarget('arcash')!, { fields: ['paidamt', 'dtepaid', 'nosuch'] });
    expect(result.fields.map((entry) => entry.field)).toEqual(['dtepaid', 'paidamt']);
  });

  it('a higher threshold abstains more', () => {
    const loose = suggestMappings(sourceTree(payTrace), suggestTarget('arcust')!, { threshold: 0.3 });
    const strict = suggestMappings(sourceTree(payTrace), suggestTarget('arcust')!, { threshold: 0.95 });
    const count = (result: TableSuggestions) => result.fields.filter((entry) => entry.suggestion).length;
    expect(count(strict)).toBeLessThan(count(loose));
    expect(DEFAULT_THRESHOLD).toBe(0.5);
  });

  it('maps an order’s lines array onto SOTRAN and keeps header amounts off the lines', () => {
    const result = suggestMappings(sourceTree(sampleOrderEvent()), suggestTarget('sotran')!, { format: 'settle-order-event' });
    expect(result.linesPath).toBe('lines[]');
    expect(field(result, 'item').suggestion?.path).toBe('lines[].sku');
    expect(field(result, 'descrip').suggestion?.path).toBe('lines[].title');
    expect(field(result, 'qtyord').suggestion?.path).toBe('lines[].quantity');
    expect(field(result, 'price').suggestion?.path).toBe('lines[].priceMinor');
    expect(field(result, 'extprice').suggestion).toBeUndefined();
    // A header field on every line is allowed where it is the same for each line.
    expect(field(result, 'currid').suggestion?.path).toBe('currency');
  });

  it('keeps a header table off array leaves', () => {
    const result = suggestMappings(sourceTree(sampleOrderEvent()), suggestTarget('somast')!);
    for (const entry of result.fields) expect(entry.suggestion?.path ?? '').not.toContain('[]');
    expect(field(result, 'ponum').suggestion?.path).toBe('orderNumber');
    expect(field(result, 'ordamt').suggestion?.path).toBe('totalMinor');
  });

  it('takes a value the Sage Pro company knows as strong evidence', () => {
    const sample = { party: 'ACM100', memo: 'thanks' };
    const target = suggestTarget('arcash')!;
    expect(field(suggestMappings(sourceTree(sample), target), 'custno').suggestion).toBeUndefined();
    const companyValues = new Map([['arcust.custno', new Set(['ACM100', 'BRK200'])]]);
    const known = field(suggestMappings(sourceTree(sample), target, { companyValues }), 'custno');
    expect(known.suggestion?.path).toBe('party');
    expect(known.suggestion?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(known.suggestion?.reason).toContain('values: 100% found in arcust.custno');
  });

  it('accepted and rejected mappings change the ranking, the tenant’s before all tenants’', () => {
    const sample = { order_ref: 'A-1001', reference: 'R-77', total: '12.00' };
    const target = suggestTarget('somast')!;
    const cold = field(suggestMappings(sourceTree(sample), target, { format: 'shop-x' }), 'ponum');
    expect(cold.suggestion?.path).toBe('order_ref');

    const tenant = new Map<string, DecisionCount>();
    countDecision(tenant, 'shop-x', 'reference', 'somast.ponum', 'accepted');
    countDecision(tenant, 'shop-x', 'reference', 'somast.ponum', 'accepted');
    countDecision(tenant, 'shop-x', 'order_ref', 'somast.ponum', 'rejected');
    const warm = field(suggestMappings(sourceTree(sample), target, { format: 'shop-x', priors: { tenant } }), 'ponum');
    expect(warm.suggestion?.path).toBe('reference');
    expect(warm.suggestion?.reason).toContain('accepted 2× before (this tenant)');

    const global = new Map<string, DecisionCount>();
    for (let i = 0; i < 5; i++) countDecision(global, 'shop-x', 'order_ref', 'somast.ponum', 'accepted');
    const tenantFirst = field(suggestMappings(sourceTree(sample), target, { format: 'shop-x', priors: { tenant, global } }), 'ponum');
    expect(tenantFirst.suggestion?.path).toBe('reference');

    // Priors of another source format do not apply.
    const other = field(suggestMappings(sourceTree(sample), target, { format: 'shop-y', priors: { tenant } }), 'ponum');
    expect(other.suggestion?.path).toBe('order_ref');
  });

  it('rejections alone can turn a suggestion into an abstention', () => {
    const sample = { amount: '10.00' };
    const target = suggestTarget('arcash')!;
    expect(field(suggestMappings(sourceTree(sample), target, { format: 'f' }), 'paidamt').suggestion?.path).toBe('amount');
    const tenant = new Map<string, DecisionCount>();
    for (let i = 0; i < 4; i++) countDecision(tenant, 'f', 'amount', 'arcash.paidamt', 'rejected');
    expect(field(suggestMappings(sourceTree(sample), target, { format: 'f', priors: { tenant } }), 'paidamt').abstained).toBe('no good source');
  });

  it('reads numbers sent as text and a leaf named only "value" by its parent', () => {
    const sample = { amount: { value: '100.00', currency_code: 'USD' }, lines: [{ sku: 'A-1', quantity: '10' }] };
    expect(field(suggestMappings(sourceTree(sample), suggestTarget('arcash')!), 'paidamt').suggestion?.path).toBe('amount.value');
    expect(field(suggestMappings(sourceTree(sample), suggestTarget('sotran')!), 'qtyord').suggestion?.path).toBe('lines[].quantity');
  });

  it('is deterministic', () => {
    const { fields: _payerTexts, ...event } = samplePaymentEvent();
    const one = suggestMappings(sourceTree(event), suggestTarget('arcash')!, { format: 'settle-payment-event' });
    const two = suggestMappings(sourceTree(event), suggestTarget('arcash')!, { format: 'settle-payment-event' });
    expect(two).toEqual(one);
    expect(field(one, 'invno').suggestion?.path).toBe('documentNumber');
    expect(field(one, 'dtepaid').suggestion?.path).toBe('occurredAt');
    expect(field(one, 'paidamt').suggestion?.path).toBe('amountMinor');
  });
});

describe('linesArray', () => {
  it('prefers an array named like lines or items, else the one with most leaves', () => {
    expect(linesArray(sourceTree({ shipping_lines: [{ a: 1 }], line_items: [{ sku: 'A' }] }))).toBe('line_items[]');
    expect(linesArray(sourceTree({ notes: [{ a: 1 }], parcels: [{ a: 1, b: 2 }] }))).toBe('parcels[]');
    expect(linesArray(sourceTree({ a: 1 }))).toBeUndefined();
  });
});

describe('the lines a person chose', () => {
  it("reads a per-line table's columns from the array a person chose, not the one that looks most like lines", () => {
    // A stored order as the mapper shows it: the normalised lines and, under payload, Shopify's own.
    const stored = { ...sampleOrderEvent(), payload: { line_items: [{ sku: 'BRK-1001', title: 'Steel shelf bracket', quantity: 2, price: '4.95' }] } };
    const tree = sourceTree(stored);
    expect(linesArray(tree)).toBe('lines[]');
    const chosen = suggestMappings(tree, suggestTarget('sotran')!, { linesPath: 'payload.line_items[]', fields: ['item'] });
    expect(chosen.linesPath).toBe('payload.line_items[]');
    expect(chosen.fields[0].suggestion?.path).toBe('payload.line_items[].sku');
    expect(suggestMappings(tree, suggestTarget('sotran')!, { fields: ['item'] }).fields[0].suggestion?.path).toBe('lines[].sku');
  });
});
