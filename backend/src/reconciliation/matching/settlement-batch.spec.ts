import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PayTraceTransaction, ReconciliationItem } from './records.js';
import { reconcile } from './reconcile.js';
import { batchStatement, type SettlementBatch } from './settlement-batch.js';

const tx = (transactionId: string, kind: PayTraceTransaction['kind'], amountMinor: number, cardBrand = 'VISA'): PayTraceTransaction => ({
  transactionId, kind, approved: true, amountMinor, currency: 'USD', date: '2026-11-02', settled: true, batchNumber: '88', cardBrand,
});
const line = (id: string, reference: string, amountMinor: number) => ({ id, reference, custno: 'C1', invno: 'I1', amountMinor, currency: 'USD', date: '2026-11-02', handKeyed: false });
const itemsOf = (report: ReconciliationItem[]) => new Map(report.filter((item) => item.transactionId).map((item) => [item.transactionId!, item]));

describe('batchStatement', () => {
  const transactions = [tx('1', 'sale', 10_000), tx('2', 'sale', 2_500, 'AMEX'), tx('3', 'refund', 1_000), tx('4', 'chargeback', 500)];
  const batch: SettlementBatch = { batchNumber: '88', date: '2026-11-02', currency: 'USD', netMinor: 11_000 };

  it('adds sales, refunds and chargebacks per brand, and balances when Sage Pro recorded all of it and a deposit recorded the net', () => {
    const report = reconcile({ transactions, lines: [line('a:1', 'PT1', 10_000), line('a:2', 'PT2', 2_500), line('a:3', 'PT3', -1_000), line('a:4', 'PT4-CB', -500)] });
    const statement = batchStatement(batch, transactions, itemsOf(report), [{ id: 'bank:7', date: '2026-11-04', amountMinor: 11_000, currency: 'USD' }]);
    expect(statement.brands).toEqual([
      { brand: 'AMEX', salesMinor: 2_500, refundsMinor: 0, chargebacksMinor: 0, netMinor: 2_500, recordedMinor: 2_500, differenceMinor: 0 },
      { brand: 'VISA', salesMinor: 10_000, refundsMinor: 1_000, chargebacksMinor: 500, netMinor: 8_500, recordedMinor: 8_500, differenceMinor: 0 },
    ]);
    expect(statement).toMatchObject({ netMinor: 11_000, recordedMinor: 11_000, differenceMinor: 0, inTransitMinor: 0, depositId: 'bank:7', unexplained: 0, balanced: true });
    expect(statement.sentence).toBe('Batch 88 (2026-11-02) moved 110.00 USD; Sage Pro recorded all of it; deposited on 2026-11-04 (bank:7).');
  });

  it('shows the net in transit until a deposit of it lands, and what Sage Pro lacks', () => {
    const report = reconcile({ transactions, lines: [line('a:1', 'PT1', 10_000), line('a:3', 'PT3', -1_000), line('a:4', 'PT4-CB', -500)] });
    const statement = batchStatement({ ...batch, netMinor: 12_000 }, transactions, itemsOf(report), [{ id: 'bank:8', date: '2026-11-20', amountMinor: 11_000, currency: 'USD' }]);
    expect(statement).toMatchObject({ recordedMinor: 8_500, differenceMinor: -2_500, inTransitMinor: 11_000, unexplained: 1, balanced: false });
    expect(statement.sentence).toBe("Batch 88 (2026-11-02) moved 110.00 USD; though PayTrace's batch total says 120.00 USD; Sage Pro recorded 85.00 USD (-25.00 USD apart); 1 of its transactions needs a look; in transit: no deposit records it yet.");
  });

  it('always says recorded − net is what the items put apart, per brand and in total', () => {
    const kinds = fc.constantFrom<PayTraceTransaction['kind']>('sale', 'refund', 'chargeback', 'void');
    fc.assert(
      fc.property(fc.array(fc.record({ kind: kinds, amount: fc.integer({ min: 1, max: 100_000 }), recorded: fc.integer({ min: -100_000, max: 100_000 }), brand: fc.constantFrom('VISA', 'AMEX') }), { maxLength: 30 }), (rows) => {
        const ts = rows.map((row, i) => tx(String(i + 1), row.kind, row.amount, row.brand));
        const items = new Map(rows.map((row, i): [string, ReconciliationItem] => [String(i + 1), { category: 'amount_mismatch', sentence: '', transactionId: String(i + 1), sageMinor: row.recorded, currency: 'USD', records: { paytrace: [], sage: [] } }]));
        const statement = batchStatement({ ...batch, netMinor: 0 }, ts, items);
        const moved = (row: (typeof rows)[number]) => (row.kind === 'sale' ? row.amount : row.kind === 'void' ? 0 : -row.amount);
        expect(statement.differenceMinor).toBe(rows.reduce((sum, row) => sum + row.recorded - moved(row), 0));
        expect(statement.brands.reduce((sum, b) => sum + b.differenceMinor, 0)).toBe(statement.differenceMinor);
        expect(statement.inTransitMinor).toBe(statement.netMinor);
      }),
    );
  });
});
