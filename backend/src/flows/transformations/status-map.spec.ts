import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYMENT_EVENT_TYPES } from '../../pipeline/events/settle-event.js';
import { paymentStatusFor } from '../../pipeline/workflows/posting-rules.js';
import { statusMap, TRIGGERS } from '../definition/flow-definition.js';
import { statusFor, triggerOf } from './status-map.js';

describe('triggerOf', () => {
  it('names the payment-sync branch of each event type', () => {
    expect(PAYMENT_EVENT_TYPES.map(triggerOf)).toEqual(['approved', 'declined', 'refunded', 'voided', 'charged_back', 'settled']);
  });

  it('every event type is a trigger of the payment-sync flow', () => {
    for (const type of PAYMENT_EVENT_TYPES) expect(TRIGGERS.payment_sync).toContain(triggerOf(type));
  });
});

describe('statusFor with no map (the defaults)', () => {
  it('is paymentStatusFor for every event type and every balance left', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PAYMENT_EVENT_TYPES), fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (type, balance) => {
        expect(statusFor(triggerOf(type), undefined, balance)).toBe(paymentStatusFor(type, balance));
        expect(statusFor(triggerOf(type), {}, balance)).toBe(paymentStatusFor(type, balance));
      }),
      { numRuns: 2_000 },
    );
  });

  it('without a balance it is the status of a fully paid invoice, as paymentStatusFor', () => {
    for (const type of PAYMENT_EVENT_TYPES) expect(statusFor(triggerOf(type), undefined)).toBe(paymentStatusFor(type));
  });

  it('approved is paid at zero or a negative balance and partly paid from one minor unit left', () => {
    expect(statusFor('approved', undefined, 0)).toBe('paid');
    expect(statusFor('approved', undefined, -1)).toBe('paid');
    expect(statusFor('approved', undefined, 1)).toBe('partly_paid');
  });
});

describe('statusFor with a map', () => {
  it('an entry overrides the default of its trigger only', () => {
    const map = statusMap.parse({ voided: 'voided', charged_back: 'failed' });
    expect(statusFor('voided', map)).toBe('voided');
    expect(statusFor('charged_back', map)).toBe('failed');
    expect(statusFor('refunded', map)).toBe('refunded');
    expect(statusFor('approved', map, 500)).toBe('partly_paid');
  });

  it('null writes no status', () => {
    expect(statusFor('declined', { declined: null })).toBeNull();
    expect(statusFor('approved', { approved: null }, 500)).toBeNull();
  });

  it('a trigger mapped to paid still writes partly paid while a balance remains', () => {
    expect(statusFor('approved', { approved: 'paid' }, 1)).toBe('partly_paid');
    expect(statusFor('approved', { approved: 'paid' }, 0)).toBe('paid');
    // A map may give paid to another trigger: the same rule holds, a balance left is never "paid".
    expect(statusFor('settled', { settled: 'paid' }, 1)).toBe('partly_paid');
    expect(statusFor('settled', { settled: 'paid' })).toBe('paid');
  });

  it('a map naming partly_paid writes it whatever the balance', () => {
    expect(statusFor('approved', { approved: 'partly_paid' }, 0)).toBe('partly_paid');
    expect(statusFor('approved', { approved: 'partly_paid' }, 100)).toBe('partly_paid');
  });

  it('a status other than paid ignores the balance', () => {
    expect(statusFor('approved', { approved: 'charged_back' }, 100)).toBe('charged_back');
    expect(statusFor('settled', { settled: 'refunded' }, 100)).toBe('refunded');
  });
});
