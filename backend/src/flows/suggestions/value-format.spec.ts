import { describe, expect, it } from 'vitest';
import { inferFormat } from './value-format.js';

describe('inferFormat', () => {
  it.each([
    [['12.34', '1,480.00'], 'amount', 'money'],
    [[110, 89.99], 'amount', 'money'],
    [[3, 24], 'quantity', 'integer'],
    [['49.7500'], 'total_inc_tax', 'money'],
    [['1.0000000000'], 'rate', 'decimal'],
    [['2026-11-03'], 'date', 'date'],
    [['11/04/2026'], 'Deposit Date', 'date'],
    [['2026-10-31T15:04:05.000Z'], 'occurredAt', 'datetime'],
    [['4/10/2015 4:06:30 PM'], 'at', 'datetime'],
    [['Tue, 03 Nov 2026 21:21:25 +0000'], 'date_created', 'datetime'],
    [[1793718245], 'created', 'datetime'],
    [[1793718245], 'count', 'integer'],
    [['USD', 'CAD'], 'currency', 'currency'],
    [['usd'], 'currency', 'currency'],
    [['jane.doe@example.com'], 'email', 'email'],
    [['+1 217 555 0100', '(512) 555-0147'], 'phone', 'phone'],
    [['62701'], 'zip', 'postcode'],
    [['H2X 1L4'], 'postcode', 'postcode'],
    [['62701'], 'invoice_id', 'document_number'],
    [['US'], 'country', 'country'],
    [['IL'], 'province_code', 'code'],
    [['************5454'], 'masked_number', 'masked_card'],
    [['xxxxxxxxxxxx5439'], 'masked_card_number', 'masked_card'],
    [['XXXX1111'], 'cardNumber', 'masked_card'],
    [['INV-1001', 'PO-7781'], 'number', 'document_number'],
    [[true, false], 'taxable', 'boolean'],
    [['ch_3Mtw4Aq1Ab2Cd3Ef4Gh'], 'id', 'id'],
    [['Steel shelf bracket 8 in'], 'title', 'text'],
    [['SALE'], 'transaction_type', 'code'],
    [[null, ''], 'note', 'empty'],
  ])('%j under %s is %s', (values, name, format) => {
    expect(inferFormat(values, name)).toBe(format);
  });

  it('takes the broadest format when values disagree', () => {
    expect(inferFormat([3, '4.50'], 'price')).toBe('money');
    expect(inferFormat(['2026-11-03', '2026-11-03T10:00:00Z'], 'when')).toBe('datetime');
    expect(inferFormat(['ACM100', 'hello world'], 'x')).toBe('text');
  });
});
