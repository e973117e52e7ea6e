import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import type { IncomingPayment } from '../../sagepro/company.js';
import { applyPaymentMappings } from './payment-inputs.js';
import { mapPayment, mapPaymentStatus, mapReversal } from './payment-mapping.js';

const payment: IncomingPayment = { reference: 'PT123456789', amountCents: 12_345, date: '2026-12-02', currency: 'JPY' };
const event: PaymentEvent = { type: 'payment.approved', transactionId: '123456789', amountMinor: 12_345, currency: 'JPY', occurredAt: '2026-12-02T10:00:00Z', method: 'card', documentNumber: 'INV-1001' };

describe('cash receipt mappings', () => {
  it('replaces the date, the discount (in minor units of the currency) and the deposit account, and nothing else', () => {
    const mapped = applyPaymentMappings(payment, { dtepaid: '2026-12-01', disamt: '15.0000', cashacct: ' 1000 ' });
    expect(mapped).toEqual({ ...payment, date: '2026-12-01', discountCents: 15, cashAccount: '1000' });
    expect(payment.date).toBe('2026-12-02');
  });

  it('evaluates the rules on the event, checks them against the field rules and names a broken one', async () => {
    const good = await mapPayment(null, { cash_receipt: { cashacct: { kind: 'expression', expression: "documentNumber = 'INV-1001' ? '1000' : '1010'" } } }, event, payment);
    expect(good).toMatchObject({ payment: { cashAccount: '1000' }, fired: [{ rule: 'cash_receipt.cashacct', kind: 'expression' }], errors: [] });
    const broken = await mapPayment(null, { cash_receipt: { cashacct: { kind: 'constant', value: 'X'.repeat(30) } } }, event, payment);
    expect(broken.errors[0]).toMatchObject({ rule: 'cash_receipt.cashacct' });
    expect(broken.payment.cashAccount).toBeUndefined();
  });

  it('leaves a payment alone when the version maps no receipt field', async () => {
    expect(await mapPayment('v1', undefined, event, payment)).toEqual({ payment, fired: [], errors: [] });
    expect(await mapPayment(null, { invoice_status: { orderstat: { kind: 'constant', value: 'WEBPAID' } } }, event, payment)).toEqual({ payment, fired: [], errors: [] });
  });

  it('describes the GL lines by a gl_distribution expression, refusing one longer than ardist.descrip', async () => {
    const described = await mapPayment(null, { gl_distribution: { descrip: { kind: 'expression', expression: "'Card ' & documentNumber" } } }, event, payment);
    expect(described).toMatchObject({ payment: { ...payment, description: 'Card INV-1001' }, fired: [{ rule: 'gl_distribution.descrip', kind: 'expression' }], errors: [] });
    const long = await mapPayment(null, { gl_distribution: { descrip: { kind: 'constant', value: 'D'.repeat(31) } } }, event, payment);
    expect(long.errors).toEqual([expect.objectContaining({ rule: 'gl_distribution.descrip', message: expect.stringContaining('char(30)') })]);
  });

  it("describes a reversal's GL lines by the same gl_distribution rule, evaluated on the reversal", async () => {
    const mappings = { gl_distribution: { descrip: { kind: 'expression' as const, expression: "(type = 'payment.refunded' ? 'Refund ' : 'Card ') & documentNumber" } } };
    expect(await mapReversal(null, mappings, { ...event, type: 'payment.refunded' })).toEqual({ reversal: { description: 'Refund INV-1001' }, fired: [{ rule: 'gl_distribution.descrip', kind: 'expression' }], errors: [] });
    expect(await mapReversal(null, { cash_receipt: { dtepaid: { kind: 'constant', value: '2026-12-01' } } }, event)).toEqual({ reversal: {}, fired: [], errors: [] });
  });

  it("checks a mapped cash account against the company's chart when given a reader, naming the rule", async () => {
    const asked: unknown[] = [];
    const mappings = { cash_receipt: { cashacct: { kind: 'constant' as const, value: '1099' } } };
    const refused = await mapPayment(null, mappings, event, payment, async (codes) => {
      asked.push(codes);
      return [{ value: '1099', kind: 'missing_account', message: "GL account 1099 is not in the company's chart of accounts" }];
    });
    expect(asked).toEqual([{ accounts: ['1099'], orderStatuses: [] }]);
    expect(refused.errors).toEqual([{ rule: 'cash_receipt.cashacct', message: "GL account 1099 is not in the company's chart of accounts", value: '1099' }]);
  });

  it("maps the order code of a status write from the event, and checks it against the company's ORDRSTAT codes", async () => {
    const mappings = { invoice_status: { orderstat: { kind: 'lookup' as const, path: 'method', table: { card: 'CARDPAID' }, otherwise: 'PAID' } } };
    const known = async (codes: { orderStatuses?: string[] }) =>
      (codes.orderStatuses ?? []).filter((code) => code !== 'PAID').map((value) => ({ value, kind: 'unknown_status_code' as const, message: `ORDRSTAT has no code ${value}` }));
    expect(await mapPaymentStatus(null, mappings, event)).toMatchObject({ status: { orderStatus: 'CARDPAID' }, fired: [{ rule: 'invoice_status.orderstat', kind: 'lookup' }], errors: [] });
    expect((await mapPaymentStatus(null, mappings, event, known)).errors).toEqual([{ rule: 'invoice_status.orderstat', message: 'ORDRSTAT has no code CARDPAID', value: 'CARDPAID' }]);
    expect(await mapPaymentStatus(null, mappings, { ...event, method: 'ach' }, known)).toMatchObject({ status: { orderStatus: 'PAID' }, errors: [] });
    expect(await mapPaymentStatus('v1', undefined, event)).toEqual({ status: {}, fired: [], errors: [] });
  });
});
