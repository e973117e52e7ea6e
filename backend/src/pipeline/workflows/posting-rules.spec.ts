import { describe, expect, it } from 'vitest';
import { PAYMENT_EVENT_TYPES } from '../events/settle-event.js';
import { addDays, type GlAccounts, glAccountFor, paymentStatusFor, sageDate } from './posting-rules.js';

const accounts: GlAccounts = { cash: '1010-00', refunds: '4090-00', chargebacks: '6750-00' };

describe('paymentStatusFor', () => {
  it('an approved payment that clears the invoice marks it Paid', () => {
    expect(paymentStatusFor('payment.approved')).toBe('paid');
    expect(paymentStatusFor('payment.approved', 0)).toBe('paid');
  });

  it('an approved payment that leaves a balance marks it Partly paid', () => {
    expect(paymentStatusFor('payment.approved', 2_500)).toBe('partly_paid');
    expect(paymentStatusFor('payment.approved', 1)).toBe('partly_paid');
  });

  it('an overpayment (negative balance left) is still Paid', () => {
    expect(paymentStatusFor('payment.approved', -1_000)).toBe('paid');
  });

  it('a decline is Payment Failed, whatever balance is passed', () => {
    expect(paymentStatusFor('payment.declined')).toBe('failed');
    expect(paymentStatusFor('payment.declined', 10_000)).toBe('failed');
  });

  it('refunds and voids both show as Refunded', () => {
    expect(paymentStatusFor('payment.refunded')).toBe('refunded');
    expect(paymentStatusFor('payment.voided')).toBe('refunded');
  });

  it('a chargeback is Charged back', () => {
    expect(paymentStatusFor('payment.charged_back')).toBe('charged_back');
  });

  it('settlement changes no payment status', () => {
    expect(paymentStatusFor('payment.settled')).toBeNull();
  });

  it('answers for every payment event type', () => {
    const answered = PAYMENT_EVENT_TYPES.map((type) => [type, paymentStatusFor(type)]);
    expect(answered).toEqual([
      ['payment.approved', 'paid'],
      ['payment.declined', 'failed'],
      ['payment.refunded', 'refunded'],
      ['payment.voided', 'refunded'],
      ['payment.charged_back', 'charged_back'],
      ['payment.settled', null],
    ]);
  });
});

describe('glAccountFor', () => {
  it('an approved payment posts to cash', () => {
    expect(glAccountFor('payment.approved', accounts)).toBe('1010-00');
  });

  it('refunds and voids post to the refunds account', () => {
    expect(glAccountFor('payment.refunded', accounts)).toBe('4090-00');
    expect(glAccountFor('payment.voided', accounts)).toBe('4090-00');
  });

  it('a chargeback posts to the chargebacks account', () => {
    expect(glAccountFor('payment.charged_back', accounts)).toBe('6750-00');
  });

  it('declines and settlements move no money, so post nowhere', () => {
    expect(glAccountFor('payment.declined', accounts)).toBeNull();
    expect(glAccountFor('payment.settled', accounts)).toBeNull();
  });
});

describe('sageDate', () => {
  it('is the calendar date in the tenant zone, as YYYY-MM-DD', () => {
    expect(sageDate('2026-10-31T18:00:00Z', 'America/Los_Angeles')).toBe('2026-10-31');
    expect(sageDate('2026-10-31T18:00:00Z', 'UTC')).toBe('2026-10-31');
  });

  it('an evening payment in Los Angeles is still that day there, though already the next day in UTC', () => {
    // 2026-03-01 05:30 UTC is 2026-02-28 21:30 PST.
    expect(sageDate('2026-03-01T05:30:00Z', 'UTC')).toBe('2026-03-01');
    expect(sageDate('2026-03-01T05:30:00Z', 'America/Los_Angeles')).toBe('2026-02-28');
  });

  it('a New Year’s Eve payment in Los Angeles stays in the old year', () => {
    expect(sageDate('2027-01-01T03:00:00Z', 'America/Los_Angeles')).toBe('2026-12-31');
    expect(sageDate('2027-01-01T03:00:00Z', 'UTC')).toBe('2027-01-01');
  });

  it('a zone east of UTC can be a day ahead', () => {
    expect(sageDate('2026-06-30T22:00:00Z', 'Asia/Tokyo')).toBe('2026-07-01');
  });

  it('follows daylight saving time when it starts (2026-03-08, 10:00 UTC in Los Angeles)', () => {
    // Before the switch the offset is −8: 07:30 UTC is 23:30 on the 7th.
    expect(sageDate('2026-03-08T07:30:00Z', 'America/Los_Angeles')).toBe('2026-03-07');
    // After it the offset is −7: 07:30 UTC is 00:30 on the 9th (under −8 it would still be the 8th).
    expect(sageDate('2026-03-09T07:30:00Z', 'America/Los_Angeles')).toBe('2026-03-09');
    expect(sageDate('2026-03-09T06:59:59Z', 'America/Los_Angeles')).toBe('2026-03-08');
  });

  it('follows daylight saving time when it ends (2026-11-01, 09:00 UTC in Los Angeles)', () => {
    // Still −7 before the switch: 06:30 UTC is 23:30 on Oct 31.
    expect(sageDate('2026-11-01T06:30:00Z', 'America/Los_Angeles')).toBe('2026-10-31');
    // Back to −8: 07:30 UTC on Nov 2 is 23:30 on Nov 1 (under −7 it would be the 2nd).
    expect(sageDate('2026-11-02T07:30:00Z', 'America/Los_Angeles')).toBe('2026-11-01');
    expect(sageDate('2026-11-02T08:00:00Z', 'America/Los_Angeles')).toBe('2026-11-02');
  });

  it('accepts a Date as well as an ISO string', () => {
    expect(sageDate(new Date('2026-03-01T05:30:00Z'), 'America/Los_Angeles')).toBe('2026-02-28');
  });

  it('refuses an unknown time zone and an instant that is not one', () => {
    expect(() => sageDate('2026-03-01T05:30:00Z', 'Pacific/Atlantis')).toThrow(RangeError);
    expect(() => sageDate('yesterday', 'UTC')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('moves a date by whole days, both ways', () => {
    expect(addDays('2026-10-15', 3)).toBe('2026-10-18');
    expect(addDays('2026-10-15', -3)).toBe('2026-10-12');
    expect(addDays('2026-10-15', 0)).toBe('2026-10-15');
  });

  it('crosses month ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-04-28', 5)).toBe('2026-05-03');
  });

  it('crosses year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-02', -5)).toBe('2026-12-28');
  });

  it('knows leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('is not shifted by daylight saving time', () => {
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-11-02', -2)).toBe('2026-10-31');
  });
});
