import { describe, expect, it } from 'vitest';
import { checkCondition, conditionHolds } from './flow-filter.js';

const payment = { type: 'payment.approved', amountMinor: 12_500, currency: 'USD', customer: { number: 'ACM100' }, documentNumber: 'INV-1001' };

describe('filter conditions', () => {
  it('lets through what the condition holds for, with JSONata truthiness', async () => {
    expect(await conditionHolds('amountMinor >= 10000', payment)).toBe(true);
    expect(await conditionHolds("currency = 'EUR'", payment)).toBe(false);
    expect(await conditionHolds('customer.number', payment)).toBe(true);
    expect(await conditionHolds('customer.email', payment)).toBe(false);
    expect(await conditionHolds("$contains(documentNumber, 'INV')", payment)).toBe(true);
  });

  it('names where a condition breaks, and refuses one that could run for hours', () => {
    expect(checkCondition('amountMinor >')).toMatchObject({ position: expect.any(Number), message: expect.stringContaining('expression error') });
    expect(checkCondition('$match(documentNumber, /(a+)+$/)')?.message).toContain('repeats a repetition');
    expect(checkCondition('amountMinor > 0')).toBeNull();
  });

  it('ends a runaway condition with an error instead of a hang', async () => {
    await expect(conditionHolds('$sum([1..10000000]) > 0', payment)).rejects.toThrow('the condition failed');
  });
});
