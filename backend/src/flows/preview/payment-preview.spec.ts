import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import type { CashReceipt, ReceiptReversal } from '../../sagepro/company.js';
import type { ReceiptPlan } from '../../sagepro/receipt-plan.js';
import { defaultFlowDefinition } from '../definition/default-flows.js';
import type { PairSettings } from '../definition/branch-settings.js';
import { previewPayment, type PreviewReads } from './payment-preview.js';

const PAIR: PairSettings = { matchWindowDays: 7, unmatchedPolicy: 'manual_review', timeZone: 'UTC', gl: { cash: '1010', refunds: '1020', chargebacks: '1030' } };
const RECEIPT: CashReceipt = {
  reference: 'PT100',
  custno: 'C1',
  lines: [{ reference: 'PT100', custno: 'C1', invno: 'INV1', paidCents: 2_000, discountCents: 0, date: '2026-12-01', arsess: '7', cashAccount: '1010' }],
};
const PLAN: ReceiptPlan = {
  arcash: [{ custno: 'C1', invno: 'INV1', refno: 'PT200', paidamt: '-5.00', cashacct: '1020' }],
  armastUpdates: [{ id: 9, row: { paidamt: '15.00', balance: '5.00' } }],
  arcustUpdate: { id: 4, row: { balance: '5.00' } },
  ardistLines: [{ glacnt: '1200', amount: '5.00' }, { glacnt: '1020', amount: '-5.00' }],
} as unknown as ReceiptPlan;

function refund(extra: Partial<PaymentEvent> = {}): PaymentEvent {
  return { type: 'payment.refunded', transactionId: '200', originalTransactionId: '100', amountMinor: 500, currency: 'USD', occurredAt: '2026-12-02T10:00:00Z', method: 'card', documentNumber: 'INV1', ...extra };
}

function reads(receipt: CashReceipt | null, asked: ReceiptReversal[] = []): PreviewReads {
  return {
    findOpenInvoices: async () => [],
    planPayment: async () => PLAN,
    findReceipt: async (reference) => (reference === receipt?.reference ? receipt : null),
    planReversal: async (reversal) => {
      asked.push(reversal);
      return { kind: 'planned', plan: PLAN, currency: 'USD', orders: { INV1: 'SO1' } };
    },
    statusCodes: { refunded: 'REFUNDED' },
    statusOnInvoice: true,
    statusOnOrder: true,
  };
}

const passes = async () => true;

describe('previewPayment of a reversal', () => {
  it("plans the refund the pipeline decides on the receipt Sage Pro holds, with its rows and the status on the receipt's invoice and order", async () => {
    const asked: ReceiptReversal[] = [];
    const preview = await previewPayment(defaultFlowDefinition('payment_sync'), refund(), PAIR, reads(RECEIPT, asked), passes);
    expect(asked).toEqual([{ kind: 'refund', reference: 'PT200', receiptReference: 'PT100', amountCents: 500, date: '2026-12-02', currency: 'USD' }]);
    expect(preview).toMatchObject({ decision: 'reverse', status: 'refunded', problems: [] });
    expect(preview.rows.map((row) => `${row.action} ${row.table} ${row.key}`)).toEqual([
      'insert arcash PT200', 'update armast id 9', 'update arcust id 4', 'insert ardist 1200', 'insert ardist 1020', 'update armast INV1', 'update somast SO1',
    ]);
    expect(preview.rows.at(-2)!.values).toEqual({ refno: 'REFUNDED PT100' });
    expect(preview.firedRules.map((fired) => fired.rule)).toEqual(expect.arrayContaining(['original_transaction', 'refund', 'credit', 'status:refunded']));
    expect(preview.summary).toBe('Reverses receipt PT100 by 500 USD minor units, status refunded, crediting 1020.');
  });

  it('reverses no more than the receipt holds, as the pipeline places it', async () => {
    const asked: ReceiptReversal[] = [];
    const preview = await previewPayment(defaultFlowDefinition('payment_sync'), refund({ amountMinor: 2_500 }), PAIR, reads(RECEIPT, asked), passes);
    expect(asked[0].amountCents).toBe(2_000);
    expect(preview.summary).toContain('(500 beyond what is left is not reversed)');
  });

  it('with no receipt in Sage Pro, says what the pipeline does and plans nothing', async () => {
    const preview = await previewPayment(defaultFlowDefinition('payment_sync'), refund(), PAIR, reads(null), passes);
    expect(preview).toMatchObject({ decision: 'no_receipt', rows: [], problems: [], status: 'refunded' });
    expect(preview.summary).toMatch(/^No receipt of transaction 100 in Sage Pro \(PT100\): while its sale is being synced, it waits/);
    // The status the flow's map gives a refund is named all the same: a changed map shows on any sample.
    expect(preview.summary).toMatch(/; when it reverses the receipt, the flow writes status refunded\.$/);
    const voids = defaultFlowDefinition('payment_sync');
    (voids.steps.find((step) => step.type === 'transform')!.config as Record<string, unknown>).statusMap = { refunded: 'voided' };
    expect(await previewPayment(voids, refund(), PAIR, reads(null), passes)).toMatchObject({ status: 'voided', summary: expect.stringContaining('status voided') });
  });

  it('with no Sage Pro company in the environment, names the problem and still the status the flow would write', async () => {
    const none = { ...reads(null), findReceipt: undefined, planReversal: undefined };
    const preview = await previewPayment(defaultFlowDefinition('payment_sync'), refund(), PAIR, none, passes);
    expect(preview).toMatchObject({ rows: [], status: 'refunded', problems: [{ field: 'environment', message: expect.stringContaining('no Sage Pro company') }] });
  });

  it('a refund naming no original transaction needs Settle’s records of receipts', async () => {
    const preview = await previewPayment(defaultFlowDefinition('payment_sync'), refund({ originalTransactionId: undefined }), PAIR, reads(RECEIPT), passes);
    expect(preview).toMatchObject({ decision: 'find_receipt', rows: [] });
  });

  it('a receipt in another currency (the flow converted the sale) is not planned: its rate is in Settle’s records', async () => {
    const converted = { ...reads(RECEIPT), planReversal: async () => Promise.reject(Object.assign(new Error('Reversal in USD, receipt PT100 is in EUR'), { kind: 'validation', field: 'currency' })) };
    const preview = await previewPayment(defaultFlowDefinition('payment_sync'), refund(), PAIR, converted, passes);
    expect(preview).toMatchObject({ decision: 'reverse', rows: [], problems: [] });
    expect(preview.summary).toContain('at the rate Settle recorded with the receipt');
  });

  it('a reversal Sage Pro already holds would write nothing', async () => {
    const held = { ...reads(RECEIPT), planReversal: async () => ({ kind: 'already_applied' as const, records: RECEIPT }) };
    const preview = await previewPayment(defaultFlowDefinition('payment_sync'), refund(), PAIR, held, passes);
    expect(preview.rows).toEqual([]);
    expect(preview.summary).toContain('AlreadyApplied');
  });
});
