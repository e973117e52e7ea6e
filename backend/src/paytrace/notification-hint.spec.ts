import { describe, expect, it } from 'vitest';
import { transactionIdOf } from './notification-hint.js';

describe('notification hint', () => {
  it('reads the transaction id from the usual field names, as number or digits', () => {
    expect(transactionIdOf({ transaction_id: 392483066 })).toBe(392483066);
    expect(transactionIdOf({ transactionId: ' 42 ' })).toBe(42);
    expect(transactionIdOf({ TRANSACTIONID: '7' })).toBe(7);
    expect(transactionIdOf({ event: 'settled', id: 9 })).toBe(9);
  });

  it('ignores anything that is not a positive whole id', () => {
    expect(transactionIdOf(undefined)).toBeUndefined();
    expect(transactionIdOf('392483066')).toBeUndefined();
    expect(transactionIdOf({ transaction_id: -3 })).toBeUndefined();
    expect(transactionIdOf({ transaction_id: '12abc' })).toBeUndefined();
    expect(transactionIdOf({ transaction_id: 1.5 })).toBeUndefined();
    expect(transactionIdOf({ transaction_id: '4111111111111111' })).toBeUndefined();
  });
});
