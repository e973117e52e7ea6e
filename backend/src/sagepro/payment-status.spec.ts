import { describe, expect, it } from 'vitest';
import { PermanentSageProError } from './errors.js';
import { DEFAULT_STATUS_CODES, invoiceStatusText, planInvoiceStatus, type PaymentStatusOptions } from './payment-status.js';

const options: PaymentStatusOptions = { orderField: 'orderstat', invoiceField: 'refno', codes: DEFAULT_STATUS_CODES };

describe('invoice payment status', () => {
  it('writes the code and the reference', () => {
    expect(invoiceStatusText('PAID', 'PT123456789')).toBe('PAID PT123456789');
    expect(invoiceStatusText('PAYFAIL')).toBe('PAYFAIL');
  });

  it('writes a blank field and replaces an earlier Settle status', () => {
    expect(planInvoiceStatus('', 'PAID PT1', options, 'armast.refno')).toBe('PAID PT1');
    expect(planInvoiceStatus('PARTPAID PT1        ', 'PAID PT2', options, 'armast.refno')).toBe('PAID PT2');
    expect(planInvoiceStatus('PAYFAIL', 'PAID PT2', options, 'armast.refno')).toBe('PAID PT2');
  });

  it('answers undefined when the field already says so', () => {
    expect(planInvoiceStatus('PAID PT1   ', 'PAID PT1', options, 'armast.refno')).toBeUndefined();
  });

  it('never writes over what a person typed', () => {
    const attempt = () => planInvoiceStatus('CHECK 10452', 'PAID PT1', options, 'armast.refno');
    expect(attempt).toThrow(PermanentSageProError);
    expect(attempt).toThrow(/armast\.refno holds "CHECK 10452"/);
    expect(() => planInvoiceStatus('PAIDX', 'PAID PT1', options, 'armast.refno')).toThrow(/field_in_use|Settle did not write/);
  });
});
