/**
 * Model-based: fast-check builds a world of PayTrace transactions, each with a planted fate (what
 * Sage Pro ended up with for it: the right lines, none, a wrong amount, a copy, a copy keyed by hand,
 * only a hand-keyed receipt, an explanation, a reversal never written, …), plus strays Sage Pro has
 * that PayTrace does not. The model is the plain list of what each fate must be reported as; the
 * reconciliation must report exactly that, whatever order either side is read in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category, Explanation, PayTraceTransaction, ReconciliationItem, SageReceiptLine } from './records.js';
import { reconcile } from './reconcile.js';

type Fate =
  | { kind: 'sale'; fate: 'ok' | 'split' | 'missing' | 'wrong' | 'double' | 'hand_copy' | 'by_hand' | 'explained'; settled: boolean; booked: boolean }
  | { kind: 'declined'; fate: 'ok' | 'stray' }
  | { kind: 'refund' | 'chargeback'; fate: 'ok' | 'missing' }
  | { kind: 'void'; fate: 'nothing' | 'both' | 'standing'; voided: 'sale' | 'refund' };

const fateArb: fc.Arbitrary<Fate> = fc.oneof(
  fc.record({ kind: fc.constant('sale' as const), fate: fc.constantFrom('ok', 'split', 'missing', 'wrong', 'double', 'hand_copy', 'by_hand', 'explained'), settled: fc.boolean(), booked: fc.boolean() }),
  fc.record({ kind: fc.constant('declined' as const), fate: fc.constantFrom('ok', 'stray') }),
  fc.record({ kind: fc.constantFrom('refund' as const, 'chargeback' as const), fate: fc.constantFrom('ok', 'missing') }),
  fc.record({ kind: fc.constant('void' as const), fate: fc.constantFrom('nothing', 'both', 'standing'), voided: fc.constantFrom('sale', 'refund') }),
);

interface Planted {
  fate: Fate;
  /** 2..999_999 minor units: sales never reach the strays' amounts. */
  amount: number;
  day: number;
  /** Days a hand-keyed receipt is off the sale's date (within the window). */
  offset: number;
}

const plantedArb = fc.record({ fate: fateArb, amount: fc.integer({ min: 2, max: 999_999 }), day: fc.integer({ min: 1, max: 28 }), offset: fc.integer({ min: -3, max: 3 }) });

const date = (day: number) => `2026-11-${String(day).padStart(2, '0')}`;

interface World {
  transactions: PayTraceTransaction[];
  lines: SageReceiptLine[];
  explanations: Explanation[];
  /** What the report must say: category and the key it is about (transaction id, else reference, else line). */
  expected: [Category, string][];
}

function build(planted: Planted[], strayReferences: number, strayHandKeyed: number): World {
  const world: World = { transactions: [], lines: [], explanations: [], expected: [] };
  let lineId = 0;
  const line = (reference: string, amountMinor: number, day: number, extra: Partial<SageReceiptLine> = {}): SageReceiptLine => {
    const made = { id: `arcash:${++lineId}`, reference, custno: 'CUST01', invno: 'INV0', amountMinor, currency: 'USD', date: date(day), handKeyed: false, ...extra };
    world.lines.push(made);
    return made;
  };
  planted.forEach(({ fate, amount, day, offset }, i) => {
    const id = String(5_000_000 + i);
    const invno = `INV${i}`;
    const expect = (category: Category, key = id) => world.expected.push([category, key]);
    const t: PayTraceTransaction = { transactionId: id, kind: 'sale', approved: true, amountMinor: amount, currency: 'USD', date: date(day), settled: true, invoiceNumber: invno };
    switch (fate.kind) {
      case 'sale': {
        t.settled = fate.settled;
        // Booked in EUR at a rate Settle recorded: the lines come to the booked amount, not PayTrace's.
        const booked = fate.booked && fate.fate === 'ok' ? { amountMinor: amount + 7, currency: 'EUR' } : undefined;
        if (booked) t.booked = booked;
        const fine = t.settled ? 'matched' : 'pending_settlement';
        if (fate.fate === 'ok') line(`PT${id}`, booked?.amountMinor ?? amount, day, { currency: booked?.currency ?? 'USD', invno });
        if (fate.fate === 'split') [line(`PT${id}`, 1, day), line(`PT${id}`, amount - 1, day)];
        if (fate.fate === 'wrong') line(`PT${id}`, amount + 1, day);
        if (fate.fate === 'double') [line(`PT${id}`, amount, day), line(`PT${id}`, amount, day)];
        if (fate.fate === 'hand_copy') {
          line(`PT${id}`, amount, day);
          const copy = line(`${10_000 + i}`, amount, Math.min(30, Math.max(1, day + offset)), { handKeyed: true, invno });
          world.expected.push(['duplicate_receipt', `${id}|${copy.id}`]);
        }
        if (fate.fate === 'by_hand') line('', amount, Math.min(30, Math.max(1, day + offset)), { handKeyed: true, invno });
        if (fate.fate === 'explained') world.explanations.push({ transactionId: id, sentence: 'Settled by bank transfer instead (review)' });
        const category: Category = { ok: fine, split: fine, hand_copy: fine, by_hand: 'matched', missing: 'missing_in_sage', wrong: 'amount_mismatch', double: 'duplicate_receipt', explained: 'explained' }[fate.fate] as Category;
        expect(category);
        break;
      }
      case 'declined':
        t.approved = false;
        if (fate.fate === 'stray') line(`PT${id}`, amount, day);
        expect(fate.fate === 'ok' ? 'matched' : 'not_in_paytrace');
        break;
      case 'refund':
        t.kind = 'refund';
        if (fate.fate === 'ok') line(`PT${id}`, -amount, day);
        expect(fate.fate === 'ok' ? 'matched' : 'reversal_still_standing');
        break;
      case 'chargeback':
        t.kind = 'chargeback';
        if (fate.fate === 'ok') line(`PT${id}-CB`, -amount, day);
        expect(fate.fate === 'ok' ? 'matched' : 'reversal_still_standing');
        break;
      case 'void':
        t.kind = 'void';
        // A voided refund's receipt is negative, and its void gives the money back.
        if (fate.fate !== 'nothing') line(`PT${id}`, fate.voided === 'sale' ? amount : -amount, day);
        if (fate.fate === 'both') line(`PT${id}-V`, fate.voided === 'sale' ? -amount : amount, day);
        expect(fate.fate === 'standing' ? 'reversal_still_standing' : 'matched');
        break;
    }
    world.transactions.push(t);
  });
  for (let i = 0; i < strayReferences; i++) world.expected.push(['not_in_paytrace', line(`PT${9_000_000 + i}`, 500 + i, 5).reference]);
  // Amounts no sale has: nothing can explain them.
  for (let i = 0; i < strayHandKeyed; i++) world.expected.push(['not_in_paytrace', line(`CHK${i}`, 5_000_000 + i, 10, { handKeyed: true }).id]);
  // A check a customer mailed (not card money, not hand-keyed card money): not reconciliation's business.
  line('10452', 12_345, 12);
  return world;
}

const keyOf = (item: ReconciliationItem) =>
  item.category === 'duplicate_receipt' && item.records.sage.length === 1 && !item.reference ? `${item.transactionId}|${item.records.sage[0]}` : item.transactionId ?? item.reference ?? item.records.sage[0];
const sorted = (pairs: [Category, string][]) => pairs.map(([c, k]) => `${c} ${k}`).sort();

describe('reconcile, against the planted world', () => {
  it('reports each transaction and each stray exactly as planted, whatever order the sides are read in', () => {
    fc.assert(
      fc.property(fc.array(plantedArb, { maxLength: 40 }), fc.nat(3), fc.nat(3), fc.nat(), (planted, strayReferences, strayHandKeyed, seed) => {
        const world = build(planted, strayReferences, strayHandKeyed);
        const report = reconcile(world);
        expect(sorted(report.map((item) => [item.category, keyOf(item)]))).toEqual(sorted(world.expected));
        // Out of order: the same report.
        const shuffle = <T>(list: T[]) => fc.sample(fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }), { numRuns: 1, seed })[0];
        expect(reconcile({ transactions: shuffle(world.transactions), lines: shuffle(world.lines), explanations: world.explanations })).toEqual(report);
      }),
      { numRuns: 300 },
    );
  });

  it('names the records behind each difference and says what differs', () => {
    const sale: PayTraceTransaction = { transactionId: '700', kind: 'sale', approved: true, amountMinor: 12_500, currency: 'USD', date: '2026-11-03', settled: true };
    const [item] = reconcile({ transactions: [sale], lines: [{ id: 'arcash:9', reference: 'PT700', custno: 'A1', invno: '1001', amountMinor: 12_000, currency: 'USD', date: '2026-11-03', handKeyed: false }] });
    expect(item).toMatchObject({ category: 'amount_mismatch', transactionId: '700', paytraceMinor: 12_500, sageMinor: 12_000, records: { paytrace: ['700'], sage: ['arcash:9'] } });
    expect(item.sentence).toBe('Sale 700 is 125.00 USD in PayTrace but 120.00 USD in Sage Pro (arcash:9): -5.00 USD apart.');
  });

  it('offers the fix each difference has: the pipeline for a missing sale, a reversal to approve for a copy or a standing void', () => {
    const base = { approved: true, currency: 'USD', date: '2026-11-03', settled: true, amountMinor: 100 } as const;
    const report = reconcile({
      transactions: [{ ...base, transactionId: '1', kind: 'sale' }, { ...base, transactionId: '2', kind: 'void' }, { ...base, transactionId: '3', kind: 'sale' }],
      lines: [
        { id: 'arcash:1', reference: 'PT2', custno: 'A', invno: 'I', amountMinor: 100, currency: 'USD', date: '2026-11-03', handKeyed: false },
        { id: 'arcash:2', reference: 'PT3', custno: 'A', invno: 'I', amountMinor: 100, currency: 'USD', date: '2026-11-03', handKeyed: false },
        { id: 'arcash:3', reference: 'PT3', custno: 'A', invno: 'I', amountMinor: 100, currency: 'USD', date: '2026-11-03', handKeyed: false },
      ],
    });
    expect(report.map((item) => [item.transactionId, item.category, item.fix])).toEqual([
      ['1', 'missing_in_sage', 'feed_pipeline'],
      ['2', 'reversal_still_standing', 'propose_reversal'],
      ['3', 'duplicate_receipt', 'propose_reversal'],
    ]);
  });
});
