import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import type { IncomingPayment } from '../../sagepro/company.js';
import { applyPaymentMappings } from './payment-inputs.js';
import { mapPayment } from './payment-mapping.js';

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
  });
});
