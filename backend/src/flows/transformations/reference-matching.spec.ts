import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvoiceQuery } from '../../sagepro/checks.js';
import type { OpenInvoice } from '../../sagepro/company.js';
import { PAYMENT_EVENT_TYPES, type PaymentEvent } from '../../pipeline/events/settle-event.js';
import { chooseInvoice, type InvoiceChoice, invoiceNumberToMatch, invoiceQueries, type NamedQuery } from '../../pipeline/workflows/invoice-matching.js';
import { decideSale } from '../../pipeline/workflows/payment-decisions.js';
import type { InvoiceQuery } from '../../sagepro/company.js';
import { type MatchConfig, matchConfig } from '../definition/flow-definition.js';
import {
  checkMatchConfig, chooseWithTolerance, compileExtract, compilePath, invoiceNumberToPrefetch, MAX_REFERENCE_INPUT, MatchConfigError, type MatchDefaults, referenceQueries, regexHazard, toleranceOf,
} from './reference-matching.js';

const defaults: MatchDefaults = { referenceField: 'documentNumber', windowDays: 3, timeZone: 'America/Los_Angeles' };

const payment = (extra: Partial<PaymentEvent> = {}): PaymentEvent => ({
  type: 'payment.approved',
  transactionId: '123456789',
  amountMinor: 12_550,
  currency: 'USD',
  occurredAt: '2026-10-15T17:20:00.000Z',
  method: 'card',
  ...extra,
});

/** A payment with the payer's texts (cast: some tests give values no source would, to see them ignored). */
const withFields = (fields: Record<string, unknown>, extra: Partial<PaymentEvent> = {}) => ({ ...payment(extra), fields }) as PaymentEvent;

const invoice = (invno: string, balanceCents: number): OpenInvoice => ({
  invno, custno: 'ACM100', invoiceDate: '2026-10-01', sono: null, ponum: '', amountCents: balanceCents, paidCents: 0, balanceCents, currency: 'USD',
});

const config = (input: unknown): MatchConfig => matchConfig.parse(input);

// ---- generated payments, with the document and customer numbers that stress today's rules ----

const text = fc.oneof(
  fc.string({ maxLength: 25 }),
  fc.stringMatching(/^ {0,2}[A-Za-z0-9#-]{1,22} {0,2}$/),
  fc.constantFrom('', '   ', '1001', ' inv-1001 ', 'INV0001001', 'PO-2026-00077', 'ACME-PO-2026-0000077', 'ACME-PO-2026-00000077', 'customer456', ' ACM100 '),
);
const events: fc.Arbitrary<PaymentEvent> = fc
  .record(
    {
      type: fc.constantFrom(...PAYMENT_EVENT_TYPES),
      amountMinor: fc.integer({ min: 1, max: 10_000_000 }),
      currency: fc.constantFrom('USD', 'CAD', 'JPY'),
      occurredAt: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      documentNumber: text,
      customer: fc.record({ number: text, email: fc.constant('ap@acme.example') }, { requiredKeys: [] }),
    },
    { requiredKeys: ['type', 'amountMinor', 'currency', 'occurredAt'] },
  )
  .map((fields) => ({ transactionId: '123456789', method: 'card' as const, ...fields }));
const someDefaults = fc.record({
  referenceField: fc.constant('documentNumber'),
  windowDays: fc.integer({ min: 0, max: 365 }),
  timeZone: fc.constantFrom('America/Los_Angeles', 'UTC', 'Pacific/Auckland', 'Asia/Kolkata'),
});
const emptyConfigs = fc.constantFrom<MatchConfig | undefined>(undefined, {}, { unmatched: 'payment_on_account' }, { unmatched: 'manual_review' });

describe('with no match config, exactly today’s matching', () => {
  it('referenceQueries is invoiceQueries, for any payment, window and zone', () => {
    fc.assert(
      fc.property(events, someDefaults, emptyConfigs, (event, d, cfg) => {
        expect(referenceQueries(event, cfg, d)).toEqual(invoiceQueries(event, { windowDays: d.windowDays, timeZone: d.timeZone }));
      }),
      { numRuns: 1_000 },
    );
  });

  it('a config that only states the defaults asks the same', () => {
    const stated = config({
      references: [{ target: 'invoice_number' }, { source: 'documentNumber', target: 'order_number' }, { target: 'po_number' }],
      customerAmount: { windowDays: 3, toleranceMinor: 0 },
    });
    fc.assert(
      fc.property(events, (event) => {
        expect(referenceQueries(event, stated, defaults)).toEqual(invoiceQueries(event, defaults));
      }),
      { numRuns: 300 },
    );
  });

  it('chooseWithTolerance with no tolerance is chooseInvoice', () => {
    const found = fc.array(
      fc.record({ invno: fc.stringMatching(/^ {0,4}[0-9]{1,6}$/), balance: fc.integer({ min: -5, max: 5 }) }).map(({ invno, balance }) => invoice(invno, 1_000 + balance)),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(found, fc.integer({ min: 995, max: 1_005 }), (invoices, amount) => {
        expect(chooseWithTolerance(invoices, amount, 0)).toEqual(chooseInvoice(invoices, amount));
        expect(chooseWithTolerance(invoices, amount)).toEqual(chooseInvoice(invoices, amount));
        expect(chooseWithTolerance(invoices, amount, toleranceOf(undefined))).toEqual(chooseInvoice(invoices, amount));
      }),
      { numRuns: 1_000 },
    );
  });

  it('the drain’s look-ahead is invoiceNumberToMatch', () => {
    fc.assert(
      fc.property(events, fc.boolean(), (event, placed) => {
        expect(invoiceNumberToPrefetch(event, placed, undefined, defaults)).toBe(invoiceNumberToMatch(event, placed));
      }),
      { numRuns: 500 },
    );
  });
});

describe('referenceQueries with references', () => {
  it('tries the references in the order given, each as its own Sage Pro key', () => {
    const cfg = config({ references: [{ target: 'po_number' }, { source: 'customer.number', target: 'invoice_number' }] });
    const queries = referenceQueries(payment({ documentNumber: 'po-77', customer: { number: '1001' } }), cfg, defaults);
    expect(queries).toEqual([
      { rule: 'po_number', query: { ponum: 'PO-77' } },
      { rule: 'invoice_number', query: { invno: '1001' } },
      { rule: 'customer_amount_date', query: { custno: '1001', amountCents: 12_550, currency: 'USD', from: '2026-10-12', to: '2026-10-18' } },
    ]);
  });

  it('reads a payer text by its path; a number is read as its digits', () => {
    const cfg = config({ references: [{ source: 'fields.metadata.order_ref', target: 'order_number' }, { source: 'fields.invoice_id', target: 'invoice_number' }] });
    const queries = referenceQueries(withFields({ metadata: { order_ref: 5541 }, invoice_id: ' 1002 ' }), cfg, defaults);
    expect(queries).toEqual([{ rule: 'order_number', query: { sono: '5541' } }, { rule: 'invoice_number', query: { invno: '1002' } }]);
  });

  it('a path that leads nowhere, or to something that is not text, gives no lookup', () => {
    const cfg = config({ references: [{ source: 'customer.number.deeper', target: 'invoice_number' }, { source: 'fields.metadata.flag', target: 'invoice_number' }, { source: 'fields.metadata.list', target: 'po_number' }, { source: 'fields.description', target: 'po_number' }], customerAmount: null });
    expect(referenceQueries(withFields({ metadata: { flag: true, list: ['1001'] } }, { customer: { number: 'ACM100' } }), cfg, defaults)).toEqual([]);
  });

  it('never reads inherited properties', () => {
    const cfg = config({ references: [{ source: 'fields.metadata.toString', target: 'invoice_number' }] });
    expect(referenceQueries(withFields({ metadata: {} }), cfg, defaults)).toEqual([]);
  });

  it('a reference too wide for its key is not asked as that key', () => {
    const cfg = config({ references: [{ target: 'invoice_number' }, { target: 'po_number' }] });
    expect(referenceQueries(payment({ documentNumber: 'PO-2026-00077' }), cfg, defaults)).toEqual([{ rule: 'po_number', query: { ponum: 'PO-2026-00077' } }]);
    expect(referenceQueries(payment({ documentNumber: 'ACME-PO-2026-00000077' }), cfg, defaults)).toEqual([]);
  });

  it('the same lookup is asked once', () => {
    const cfg = config({ references: [{ target: 'invoice_number' }, { source: 'fields.invoice_id', target: 'invoice_number' }] });
    expect(referenceQueries(withFields({ invoice_id: '1001' }, { documentNumber: ' 1001' }), cfg, defaults)).toEqual([{ rule: 'invoice_number', query: { invno: '1001' } }]);
  });

  it('builds only queries the connector’s own check accepts', () => {
    const cfg = config({ references: [{ target: 'invoice_number' }, { target: 'order_number' }, { target: 'po_number' }, { source: 'customer.number', target: 'po_number', extract: '(\\w+)' }], customerAmount: { windowDays: 10, toleranceMinor: 5 } });
    fc.assert(
      fc.property(events, (event) => {
        for (const { query } of referenceQueries(event, cfg, defaults)) expect(() => checkInvoiceQuery(query)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe('regular expression extraction', () => {
  const extracting = (extract: string, target = 'invoice_number') => config({ references: [{ source: 'fields.description', extract, target }] });
  const from = (description: unknown, extract: string) => referenceQueries(withFields({ description }), extracting(extract), defaults).map((q) => q.query);

  it('the first group is the reference', () => {
    expect(from('Payment for INV-1001, thanks', 'INV-(\\d+)')).toEqual([{ invno: '1001' }]);
  });

  it('without a group, the whole match', () => {
    expect(from('Payment for INV-1001, thanks', 'INV-\\d+')).toEqual([{ invno: 'INV-1001' }]);
  });

  it('matches regardless of case, and the reference is upper-cased as Sage Pro keys are', () => {
    expect(from('payment for inv-a1001', 'INV-(\\w+)')).toEqual([{ invno: 'A1001' }]);
  });

  it('an optional group that did not take part falls back to the whole match', () => {
    expect(from('SO 5541', 'SO ?(#)?\\d+')).toEqual([{ invno: 'SO 5541' }]);
  });

  it('no match, an empty match or no text: no lookup', () => {
    expect(from('Payment without a number', 'INV-(\\d+)')).toEqual([]);
    expect(from('anything', 'x*')).toEqual([]);
    expect(from(undefined, 'INV-(\\d+)')).toEqual([]);
  });

  it('reads only the first MAX_REFERENCE_INPUT characters of the field', () => {
    const padding = ' '.repeat(MAX_REFERENCE_INPUT);
    expect(from(`x${padding}INV-1001`, 'INV-(\\d+)')).toEqual([]);
    expect(from(`${' '.repeat(MAX_REFERENCE_INPUT - 8)}INV-1001`.padStart(MAX_REFERENCE_INPUT + 5, 'z'), 'INV-(\\d+)')).toEqual([]);
    expect(from(`${'z'.repeat(MAX_REFERENCE_INPUT - 8)}INV-1001`, 'INV-(\\d+)')).toEqual([{ invno: '1001' }]);
  });
});

describe("rules on the payer's texts (event.fields)", () => {
  const rules = config({
    references: [
      { source: 'fields.description', extract: 'INV-(\\d+)', target: 'invoice_number' },
      { source: 'fields.customer_reference_id', target: 'po_number' },
      { source: 'fields.metadata.sales_order', target: 'order_number' },
    ],
    customerAmount: { windowDays: 5, toleranceMinor: 5 },
  });

  it('a number picked out of the description is looked up as the invoice number', () => {
    expect(referenceQueries(payment({ fields: { description: 'Payment for INV-10023 thanks' } }), rules, defaults)).toEqual([{ rule: 'invoice_number', query: { invno: '10023' } }]);
  });

  it("PayTrace's customer reference is looked up as the customer's PO number", () => {
    expect(referenceQueries(payment({ fields: { customer_reference_id: ' po-2026-0077 ' } }), rules, defaults)).toEqual([{ rule: 'po_number', query: { ponum: 'PO-2026-0077' } }]);
  });

  it("a partner's metadata value is looked up as the order number", () => {
    expect(referenceQueries(payment({ fields: { metadata: { sales_order: '5041' } } }), rules, defaults)).toEqual([{ rule: 'order_number', query: { sono: '5041' } }]);
  });

  it('the texts the rules do not name, and the document number, are not asked', () => {
    const event = payment({ documentNumber: '1001', fields: { invoice_id: '1001', description: 'no number here', metadata: { other: '5041' } } });
    expect(referenceQueries(event, rules, defaults)).toEqual([]);
  });

  it('all of them in the order given, then the customer + amount + window fallback with its tolerance', () => {
    const event = payment({ customer: { number: 'ACM100' }, fields: { description: 'INV-10023', customer_reference_id: 'PO-77', metadata: { sales_order: '5041' } } });
    expect(referenceQueries(event, rules, defaults)).toEqual([
      { rule: 'invoice_number', query: { invno: '10023' } },
      { rule: 'po_number', query: { ponum: 'PO-77' } },
      { rule: 'order_number', query: { sono: '5041' } },
      { rule: 'customer_amount_date', query: { custno: 'ACM100', amountCents: 12_550, currency: 'USD', from: '2026-10-10', to: '2026-10-20', toleranceCents: 5 } },
    ]);
  });

  /** Sage Pro's open invoices as the connector finds them (queries.ts openInvoices), all of customer ACM100. */
  const company = (open: OpenInvoice[]) => (query: InvoiceQuery): OpenInvoice[] =>
    open.filter((found) => {
      if ('invno' in query) return found.invno === query.invno;
      if ('sono' in query) return found.sono === query.sono;
      if ('ponum' in query) return found.ponum === query.ponum;
      const within = Math.abs(found.balanceCents - query.amountCents) <= (query.toleranceCents ?? 0);
      return found.custno === query.custno && within && !!found.invoiceDate && found.invoiceDate >= query.from && found.invoiceDate <= query.to;
    });
  /** The pipeline's loop (payment-workflow.ts match): the first lookup that finds anything decides. */
  const matchOf = (event: PaymentEvent, find: (query: InvoiceQuery) => OpenInvoice[]): { rule: NamedQuery['rule'] | null; choice: InvoiceChoice } => {
    for (const { rule, query } of referenceQueries(event, rules, defaults)) {
      const choice = chooseWithTolerance(find(query), event.amountMinor, toleranceOf(rules));
      if (choice.kind !== 'none') return { rule, choice };
    }
    return { rule: null, choice: { kind: 'none' } };
  };
  const dated = (invno: string, balanceCents: number, invoiceDate: string): OpenInvoice => ({ ...invoice(invno, balanceCents), invoiceDate });
  const unreferenced = payment({ customer: { number: 'ACM100' }, fields: { description: 'Payment for INV-99999', customer_reference_id: 'PO-NONE' } });

  it('references that find nothing fall back to the one invoice of the customer within the tolerance and the window', () => {
    const near = dated('1320', 12_553, '2026-10-18');
    const found = matchOf(unreferenced, company([near, dated('1325', 12_556, '2026-10-18'), dated('1330', 12_550, '2026-10-21'), dated('1001', 12_550, '2026-10-01')]));
    expect(found).toEqual({ rule: 'customer_amount_date', choice: { kind: 'one', invoice: near } });
  });

  it('two invoices within the tolerance: ambiguous, both for a person to pick in review, never a guess', () => {
    const found = matchOf(unreferenced, company([dated('1320', 12_548, '2026-10-14'), dated('1325', 12_553, '2026-10-18')]));
    expect(found).toEqual({ rule: 'customer_amount_date', choice: { kind: 'ambiguous', candidates: ['1320', '1325'] } });
    expect(decideSale(unreferenced, { match: found, order: null, paidInvoice: null }, 'manual_review')).toEqual({
      kind: 'review',
      reason: 'invoice_not_found',
      detail: { documentNumber: null, candidates: ['1320', '1325'] },
    });
  });

  it('a reference that finds its invoice wins over the fallback', () => {
    const named = { ...dated('1320', 50_000, '2026-01-01'), ponum: 'PO-77' };
    const event = payment({ customer: { number: 'ACM100' }, fields: { customer_reference_id: 'PO-77' } });
    expect(matchOf(event, company([named, dated('1325', 12_550, '2026-10-15')]))).toEqual({ rule: 'po_number', choice: { kind: 'one', invoice: named } });
  });
});

describe('the customer + amount + date fallback', () => {
  const event = payment({ customer: { number: 'ACM100' } });

  it('takes its window and tolerance from the config', () => {
    const [query] = referenceQueries(event, config({ customerAmount: { windowDays: 1, toleranceMinor: 5 } }), defaults);
    expect(query).toEqual({ rule: 'customer_amount_date', query: { custno: 'ACM100', amountCents: 12_550, currency: 'USD', from: '2026-10-14', to: '2026-10-16', toleranceCents: 5 } });
  });

  it('a zero tolerance asks for the exact amount, as before', () => {
    const [query] = referenceQueries(event, config({ customerAmount: { windowDays: 1, toleranceMinor: 0 } }), defaults);
    expect(query.query).not.toHaveProperty('toleranceCents');
  });

  it('null turns it off', () => {
    expect(referenceQueries(payment({ documentNumber: '1001', customer: { number: 'ACM100' } }), config({ customerAmount: null }), defaults).map((q) => q.rule)).toEqual([
      'invoice_number',
      'order_number',
      'po_number',
    ]);
  });

  it('toleranceOf is the fallback’s tolerance, none when it is off or unset', () => {
    expect(toleranceOf(config({ customerAmount: { windowDays: 1, toleranceMinor: 5 } }))).toBe(5);
    expect(toleranceOf(config({ customerAmount: null }))).toBe(0);
    expect(toleranceOf(undefined)).toBe(0);
  });
});

describe('chooseWithTolerance', () => {
  it('nothing found is none', () => {
    expect(chooseWithTolerance([], 1_000, 5)).toEqual({ kind: 'none' });
  });

  it('a single invoice found is the one, whatever its balance (found by its number, a part payment is normal)', () => {
    const only = invoice('1001', 50_000);
    expect(chooseWithTolerance([only], 1_000, 5)).toEqual({ kind: 'one', invoice: only });
  });

  it('of several, the only one within ±tolerance wins: both edges included', () => {
    for (const balance of [995, 1_000, 1_005]) {
      const near = invoice('1002', balance);
      expect(chooseWithTolerance([invoice('1001', 2_000), near, invoice('1003', 500)], 1_000, 5)).toEqual({ kind: 'one', invoice: near });
    }
  });

  it('one minor unit beyond the tolerance is not within it: ambiguous, never a guess', () => {
    for (const balance of [994, 1_006]) {
      const choice = chooseWithTolerance([invoice('1001', 2_000), invoice('1002', balance)], 1_000, 5);
      expect(choice).toEqual({ kind: 'ambiguous', candidates: ['1001', '1002'] });
    }
  });

  it('two within the tolerance are ambiguous, listing every candidate', () => {
    const choice = chooseWithTolerance([invoice('1001', 998), invoice('1002', 1_003), invoice('1003', 9_000)], 1_000, 5);
    expect(choice).toEqual({ kind: 'ambiguous', candidates: ['1001', '1002', '1003'] });
  });

  it('a tolerance can turn an ambiguity of today into a match, never a match into another', () => {
    const found = [invoice('1001', 1_004), invoice('1002', 2_000)];
    expect(chooseWithTolerance(found, 1_000, 0).kind).toBe('ambiguous');
    expect(chooseWithTolerance(found, 1_000, 4)).toEqual({ kind: 'one', invoice: found[0] });
  });
});

describe('checkMatchConfig', () => {
  it('no config, or a sound one: no problems', () => {
    expect(checkMatchConfig(undefined)).toEqual([]);
    expect(checkMatchConfig(config({ references: [{ source: 'customer.number', target: 'po_number', extract: '^PO[- ]?(\\w{3,12})$' }, { target: 'invoice_number' }] }))).toEqual([]);
  });

  it('an invalid regular expression names the rule and says why', () => {
    const problems = checkMatchConfig(config({ references: [{ target: 'invoice_number' }, { target: 'invoice_number', extract: 'INV-(\\d+' }] }));
    expect(problems).toEqual([{ path: 'references[1].extract', message: expect.stringContaining('is not a regular expression') }]);
  });

  it("the payer's texts under fields are readable paths", () => {
    const sources = ['fields.invoice_id', 'fields.customer_reference_id', 'fields.description', 'fields.invoice_number', 'fields.order_number', 'fields.metadata.customer_po', ' fields.metadata.PO2 '];
    expect(checkMatchConfig(config({ references: sources.map((source) => ({ source, target: 'po_number' })) }))).toEqual([]);
  });

  it('a name under fields that no source fills is refused, saying which there are', () => {
    for (const source of ['fields', 'fields.descripton', 'fields.metadata', 'fields.metadata.po.number', 'fields.metadata.po-number', 'fields.description.text', 'fields[0]']) {
      expect(checkMatchConfig(config({ references: [{ source, target: 'invoice_number' }] }))).toEqual([{ path: 'references[0].source', message: expect.stringContaining('fields holds invoice_id') }]);
    }
  });

  it('an unreadable source path names the rule', () => {
    for (const source of ['customer..number', '.customer', 'customer number', 'fields.__proto__', 'fields[x]', 'customer[0]number']) {
      expect(checkMatchConfig(config({ references: [{ source, target: 'invoice_number' }] }))).toEqual([{ path: 'references[0].source', message: expect.any(String) }]);
    }
  });

  it('an invalid config met at run time is an error naming it, never a silent skip', () => {
    const cfg = config({ references: [{ target: 'invoice_number', extract: '(a+)+$' }] });
    expect(() => referenceQueries(payment({ documentNumber: '1001' }), cfg, defaults)).toThrow(MatchConfigError);
    expect(() => referenceQueries(payment({ documentNumber: '1001' }), cfg, defaults)).toThrow(/references\[0\]\.extract/);
  });
});

describe('expressions that could run away are refused', () => {
  it.each([
    ['(a+)+$', 'a repeated group holding a repetition'],
    ['(\\d*)*x', 'a repeated group holding a repetition'],
    ['(a|ab)*c', 'a repeated group holding an alternation'],
    ['(?:x?){20}y', 'a fixed count of a group holding an optional part'],
    ['((a)b+)+', 'a repetition nested two groups deep'],
    ['(?<n>a+)+', 'a named group'],
    ['(\\w)\\1', 'a back reference'],
    ['(?<w>\\w)\\k<w>', 'a named back reference'],
    ['\\d*\\d*\\d*x', 'three open-ended repetitions'],
    ['a?'.repeat(16), 'sixteen optional parts'],
    ['\\d{0,20}\\d{0,20}\\d{0,20}\\d{0,20}x', 'four wide bounded repetitions'],
    ['\\d*1?1?1?1?\\d*x', 'two open-ended repetitions with optional parts between'],
    ['(?:ref:)?\\s*(\\d+)-(\\d+)', 'three open-ended repetitions, even apart'],
  ])('%s (%s)', (pattern) => {
    expect(regexHazard(pattern)).toEqual(expect.any(String));
    expect(compileExtract(pattern)).toEqual(expect.any(String));
  });

  it.each([
    'INV-(\\d+)',
    '^PO[- ]?(\\w+)$',
    '(\\d+)-(\\d+)',
    '.*?INV(\\d+)',
    '(?:\\d{3}-){2}\\d{4}',
    '(INV|SO)-(\\d{4,8})',
    '(?:ref:)?\\s*(\\w+)',
    '[(+*]+(\\d+)',
    '(?<=#)\\d+',
    'a{2,}',
    '(?:ref:)?\\s*(\\d+)',
  ])('%s is accepted', (pattern) => {
    expect(regexHazard(pattern)).toBeNull();
    expect(compileExtract(pattern)).toBeInstanceOf(RegExp);
  });

  it.each(['\\d*\\d*x', '\\d*1?\\d*x', '1?'.repeat(13) + '1'.repeat(13) + 'x', '\\d{0,9}\\d{0,9}\\d{0,9}\\d{0,9}x'])('the accepted %s fails fast on the most hostile input read', (pattern) => {
    const worst = compileExtract(pattern);
    expect(worst).toBeInstanceOf(RegExp);
    const started = performance.now();
    expect((worst as RegExp).exec('1'.repeat(MAX_REFERENCE_INPUT))).toBeNull();
    // Milliseconds, under a tenth of a second before V8 compiles it; unguarded, such expressions take seconds to ages.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('an expression longer than the flow model allows is refused', () => {
    expect(compileExtract('a'.repeat(201))).toEqual(expect.any(String));
  });
});

describe('compilePath', () => {
  it('reads own fields along the path', () => {
    const read = compilePath('customer.number');
    expect(typeof read).toBe('function');
    if (typeof read === 'function') {
      expect(read(payment({ customer: { number: 'ACM100' } }))).toBe('ACM100');
      expect(read(payment())).toBeUndefined();
      expect(read(null)).toBeUndefined();
    }
  });
});
