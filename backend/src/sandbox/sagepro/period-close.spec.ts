import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfPreviousPeriod, nextPeriod, periodOf, periodsBetween } from './fiscal-calendar.js';
import { type CalendarPeriod, type ClosableInvoice, invoiceCloses, keysThatClose, orderCloses, periodsToClose, purchaseOrderCloses } from './period-close.js';

const invoice = (over: Partial<ClosableInvoice>): ClosableInvoice => ({
  invno: '      1001',
  arstat: '',
  balanceCents: 0,
  invdte: '2026-08-10',
  dtepaid: '2026-09-02',
  ...over,
});

describe('the fiscal calendar', () => {
  it('has twelve monthly periods a year, each ending the day before the next begins', () => {
    expect(periodOf('2024-02-10')).toEqual({ fyear: 2024, fperiod: 2, begdate: '2024-02-01', enddate: '2024-02-29' });
    expect(periodOf('2026-12-31')).toEqual({ fyear: 2026, fperiod: 12, begdate: '2026-12-01', enddate: '2026-12-31' });
    expect(nextPeriod(periodOf('2026-12-05'))).toMatchObject({ fyear: 2027, fperiod: 1, begdate: '2027-01-01' });
    expect(endOfPreviousPeriod('2026-03-01')).toBe('2026-02-28');
    expect(periodsBetween('2025-11-15', '2026-02-01').map((p) => `${p.fyear}/${p.fperiod}`)).toEqual(['2025/11', '2025/12', '2026/1', '2026/2']);
    expect(() => periodOf('31/10/2026')).toThrow(RangeError);
  });
});

describe('period close', () => {
  it('closes the open periods ending on or before the date, in order, and none twice', () => {
    const calendar: CalendarPeriod[] = periodsBetween('2026-01-01', '2026-12-31').map((p, i) => ({ id: i + 1, ...p, closed: p.fperiod <= 3 }));
    expect(periodsToClose(calendar, '2026-06-15').map((p) => p.fperiod)).toEqual([4, 5]);
    expect(periodsToClose(calendar, '2026-06-30').map((p) => p.fperiod)).toEqual([4, 5, 6]);
    expect(periodsToClose(calendar, '2026-03-31')).toEqual([]);
    expect(periodsToClose([...calendar].reverse(), '2026-05-31').map((p) => p.fperiod)).toEqual([4, 5]);
  });

  it('moves AR items paid to zero or void, dated and paid by the period end; never an open one', () => {
    const end = '2026-09-30';
    expect(invoiceCloses(invoice({}), end)).toBe(true);
    expect(invoiceCloses(invoice({ balanceCents: 1 }), end)).toBe(false); // open
    expect(invoiceCloses(invoice({ balanceCents: -500 }), end)).toBe(false); // an open credit
    expect(invoiceCloses(invoice({ dtepaid: '2026-10-01' }), end)).toBe(false); // paid after the end
    expect(invoiceCloses(invoice({ lastReceipt: '2026-10-03' }), end)).toBe(false); // a reversal after it
    expect(invoiceCloses(invoice({ invdte: '2026-10-01', dtepaid: '1900-01-01' }), end)).toBe(false);
    expect(invoiceCloses(invoice({ arstat: 'V', balanceCents: 4_200, dtepaid: '1900-01-01' }), end)).toBe(true); // void
    expect(invoiceCloses(invoice({ arstat: 'X', balanceCents: 4_200 }), end)).toBe(true);
  });

  it('moves closed or void orders dated and shipped by the period end; open orders and bids stay', () => {
    const end = '2026-09-30';
    expect(orderCloses({ sono: ' 1', sostat: 'C', sodate: '2026-09-01', lastShipdate: '2026-09-04' }, end)).toBe(true);
    expect(orderCloses({ sono: ' 1', sostat: 'C', sodate: '2026-09-29', lastShipdate: '2026-10-02' }, end)).toBe(false);
    expect(orderCloses({ sono: ' 1', sostat: 'V', sodate: '2026-09-01', lastShipdate: '1900-01-01' }, end)).toBe(true);
    expect(orderCloses({ sono: ' 1', sostat: '', sodate: '2026-01-01', lastShipdate: '1900-01-01' }, end)).toBe(false);
    expect(orderCloses({ sono: ' 1', sostat: '', sodate: '2026-01-01' }, end)).toBe(false);
  });

  it('moves purchase orders closed or void and received by the period end; open ones stay', () => {
    const end = '2026-09-30';
    expect(purchaseOrderCloses({ purno: ' 1', postat: 'C', purdate: '2026-08-01', lastRecdate: '2026-08-20' }, end)).toBe(true);
    expect(purchaseOrderCloses({ purno: ' 1', postat: 'C', purdate: '2026-09-20', lastRecdate: '2026-10-02' }, end)).toBe(false);
    expect(purchaseOrderCloses({ purno: ' 1', postat: 'V', purdate: '2026-08-01' }, end)).toBe(true);
    expect(purchaseOrderCloses({ purno: ' 1', postat: '', purdate: '2026-01-01', lastRecdate: '2026-01-09' }, end)).toBe(false);
  });

  it('moves a key only when every row holding it closes (Sage Pro keys are not unique)', () => {
    const rows = fc.array(fc.record({ key: fc.constantFrom('A', 'B', 'C', 'D'), closes: fc.boolean() }), { maxLength: 20 });
    fc.assert(
      fc.property(rows, (list) => {
        const moved = keysThatClose(list, (r) => r.key, (r) => r.closes);
        const expected = [...new Set(list.map((r) => r.key))].filter((key) => list.filter((r) => r.key === key).every((r) => r.closes));
        expect([...moved].sort()).toEqual(expected.sort());
      }),
    );
  });

  it('never moves an open item, whatever the dates', () => {
    const date = fc.integer({ min: 0, max: 2000 }).map((d) => new Date(Date.UTC(2022, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), date, date, date, (balanceCents, invdte, dtepaid, end) => {
        expect(invoiceCloses(invoice({ balanceCents, invdte, dtepaid }), end)).toBe(false);
      }),
    );
  });
});
