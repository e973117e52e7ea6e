import { describe, expect, it } from 'vitest';
import { ErrorBag, errorBody } from './errors.js';
import { isRoutingNumber, readAddress, readAmount, readCard, readCheck, readId, readOrderFields } from './request-fields.js';

describe('request fields', () => {
  it('reports a bad card number and a bad month together, as PayTrace does', () => {
    const bag = new ErrorBag();
    readCard({ credit_card: { number: '54545454545454', expiration_month: '14', expiration_year: '1999' } }, bag);
    expect(errorBody(bag.errors)).toEqual({
      success: false,
      response_code: 1,
      status_message: 'One or more errors has occurred.',
      errors: { '35': ['Please provide a valid Credit Card Number.'], '43': ['Please provide a valid Expiration Month.'] },
    });
  });

  it('keeps only the masked number, brand and expiry of a good card', () => {
    const bag = new ErrorBag();
    const card = readCard({ credit_card: { number: '4012 0000 9876 5439'.replaceAll(' ', ''), expiration_month: 9, expiration_year: '2030' }, csc: '999' }, bag);
    expect(bag.empty).toBe(true);
    expect(card).toEqual({ brand: 'VISA', maskedNumber: 'xxxxxxxxxxxx5439', expirationMonth: 9, expirationYear: 2030, cscProvided: true });
    expect(JSON.stringify(card)).not.toContain('4012 0000 9876 5439'.replaceAll(' ', ''));
  });

  it('reads amounts and ids sent as strings or numbers', () => {
    const bag = new ErrorBag();
    expect(readAmount({ amount: '1.00' }, bag)).toBe(100);
    expect(readAmount({ amount: 0 }, bag, { allowZero: true })).toBe(0);
    expect(readId({ transaction_id: '392483066' }, 'transaction_id', bag)).toBe(392483066);
    expect(bag.empty).toBe(true);
    readAmount({ amount: 0 }, bag);
    readId({ transaction_id: '' }, 'transaction_id', bag);
    expect(Object.keys(bag.errors)).toEqual(['41', '58']);
  });

  it('checks bank accounts and routing numbers', () => {
    expect(isRoutingNumber('325070760')).toBe(true);
    expect(isRoutingNumber('325070761')).toBe(false);
    const bag = new ErrorBag();
    expect(readCheck({ check: { account_number: '123456', routing_number: '325070760' } }, bag)).toEqual({ accountMasked: 'xx3456', routingNumber: '325070760' });
    readCheck({ check: { account_number: 'x', routing_number: '1' } }, bag);
    expect(Object.keys(bag.errors)).toEqual(['45', '46']);
  });

  it('keeps known address fields and the order details', () => {
    expect(readAddress({ name: 'Steve Smith', zip: 85284, evil: 'x' })).toEqual({ name: 'Steve Smith', zip: '85284' });
    const bag = new ErrorBag();
    const order = readOrderFields({ invoice_id: 'INV-1', tax_amount: '8.10', email: 'a@b.co' }, bag);
    expect(order).toMatchObject({ invoiceId: 'INV-1', taxAmountCents: 810, email: 'a@b.co' });
    expect(readOrderFields({ description: 'paid with 4111111111111111' }, bag).description).toBe('paid with xxxxxxxxxxxx1111');
    readOrderFields({ email: 'nope' }, bag);
    expect(Object.keys(bag.errors)).toEqual(['48']);
  });
});
