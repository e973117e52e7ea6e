import { describe, expect, it } from 'vitest';
import { checkIncoming, checkInvoiceQuery, currencyOf, liveInvoice, requireKey } from './checks.js';
import { PermanentSageProError } from './errors.js';

const payment = { reference: 'PT1', amountCents: 100, date: '2026-10-31', currency: 'USD' };
const item = (arstat: string, artype = '') => ({ invno: '      1001', arstat, artype });

describe('liveInvoice', () => {
  it('picks the one live invoice among voids and credits', () => {
    const live = item('');
    expect(liveInvoice([item('V'), live, item('', 'O')], '1001')).toBe(live);
  });

  it.each([
    [[], 'invoice_not_found'],
    [[item('V')], 'invoice_void'],
    [[item('X')], 'invoice_void'],
    [[item('', 'O')], 'invoice_not_found'],
    [[item(''), item('')], 'invoice_ambiguous'],
  ])('%j → %s', (rows, kind) => {
    expect(() => liveInvoice(rows, '1001')).toThrow(expect.objectContaining({ kind }));
  });
});

describe('input checks', () => {
  it('requires keys that fit, naming the field', () => {
    expect(() => requireKey('invno', '1234567890', 'armast.invno')).not.toThrow();
    expect(() => requireKey('invno', '12345678901', 'armast.invno')).toThrow(expect.objectContaining({ field: 'armast.invno', rule: 'char(10): 1 to 10 characters' }));
    expect(() => requireKey('custno', '  ', 'arcust.custno')).toThrow(PermanentSageProError);
  });

  it('checks payments: minor units, currency, reference width, date', () => {
    expect(() => checkIncoming(payment)).not.toThrow();
    expect(() => checkIncoming({ ...payment, currency: 'usd' })).toThrow(expect.objectContaining({ field: 'currency' }));
    expect(() => checkIncoming({ ...payment, date: '2026-11-31' })).toThrow(expect.objectContaining({ field: 'arcash.dtepaid' }));
    expect(() => checkIncoming({ ...payment, reference: 'PT'.padEnd(21, '1') })).toThrow(expect.objectContaining({ field: 'arcash.refno' }));
    // Beyond Sage Pro money (12 digits before the point): named, not a bare RangeError later on.
    expect(() => checkIncoming({ ...payment, amountCents: 100_000_000_000_000 })).toThrow(expect.objectContaining({ field: 'arcash.paidamt', rule: expect.stringContaining('12 digits') }));
    expect(() => checkIncoming({ ...payment, amountCents: 99_999_999_999_999 })).not.toThrow();
    expect(() => checkIncoming({ ...payment, discountCents: 100_000_000_000_000 })).toThrow(expect.objectContaining({ field: 'arcash.disamt' }));
  });

  it('checks invoice queries', () => {
    expect(() => checkInvoiceQuery({ custno: 'ACM100', amountCents: 100, from: '2026-10-01', to: '2026-10-31' })).not.toThrow();
    expect(() => checkInvoiceQuery({ custno: 'ACM100', amountCents: 1.5, from: '2026-10-01', to: '2026-10-31' })).toThrow(expect.objectContaining({ field: 'armast.balance' }));
    expect(() => checkInvoiceQuery({ ponum: 'P'.repeat(21) })).toThrow(expect.objectContaining({ field: 'armast.ponum' }));
  });

  it('checks a customer + amount query’s tolerance: zero or more whole minor units', () => {
    const query = { custno: 'ACM100', amountCents: 100, from: '2026-10-01', to: '2026-10-31' };
    for (const toleranceCents of [0, 5, 100_000]) expect(() => checkInvoiceQuery({ ...query, toleranceCents })).not.toThrow();
    for (const toleranceCents of [-1, 0.5, Number.MAX_SAFE_INTEGER]) expect(() => checkInvoiceQuery({ ...query, toleranceCents })).toThrow(expect.objectContaining({ field: 'armast.balance' }));
  });
});

describe('currencyOf', () => {
  it('takes Sage Pro’s currency, or the books’ (the tenant’s base currency) when Sage Pro keeps none', () => {
    expect(currencyOf('USD', ['USD', 'USD'], 'USD')).toBe('USD');
    expect(currencyOf('JPY', [' JPY ', 'USD'], 'USD')).toBe('JPY');
    expect(currencyOf('USD', ['   ', ''], 'USD')).toBe('USD');
    expect(currencyOf('EUR', ['', ''], 'EUR')).toBe('EUR');
  });

  it('refuses a payment in another currency, never writing it at face value, naming `currency`', () => {
    expect(() => currencyOf('USD', ['CAD'], 'USD')).toThrow(expect.objectContaining({ kind: 'validation', field: 'currency', value: 'USD', rule: "the document's currency CAD" }));
    expect(() => currencyOf('EUR', ['', '  '], 'USD')).toThrow(expect.objectContaining({ kind: 'validation', field: 'currency', value: 'EUR', rule: expect.stringMatching(/books' currency USD/) }));
    expect(() => currencyOf('JPY', [], 'USD')).toThrow(expect.objectContaining({ field: 'currency' }));
  });
});

describe('checkCurrencyCode', () => {
  it('refuses codes ISO 4217 does not list, naming the field', () => {
    expect(() => checkIncoming({ ...payment, currency: 'ZZZ' })).toThrow(expect.objectContaining({ kind: 'validation', field: 'currency' }));
    expect(() => checkIncoming({ ...payment, currency: 'usd' })).toThrow(expect.objectContaining({ field: 'currency' }));
    expect(() => checkIncoming({ ...payment, currency: 'XAU' })).toThrow(expect.objectContaining({ field: 'currency' }));
    expect(() => checkIncoming({ ...payment, currency: 'JPY', amountCents: 1_200 })).not.toThrow();
    expect(() => checkIncoming({ ...payment, currency: 'KWD', amountCents: 1_005 })).not.toThrow();
  });

  it('holds a payment to 12 digits before the point in its own currency', () => {
    expect(() => checkIncoming({ ...payment, currency: 'JPY', amountCents: 999_999_999_999 })).not.toThrow();
    expect(() => checkIncoming({ ...payment, currency: 'JPY', amountCents: 1_000_000_000_000 })).toThrow(expect.objectContaining({ field: 'arcash.paidamt' }));
    expect(() => checkIncoming({ ...payment, currency: 'KWD', amountCents: 999_999_999_999_999 })).not.toThrow();
  });
});
