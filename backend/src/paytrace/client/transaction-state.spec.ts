import { describe, expect, it } from 'vitest';
import { type StateFields, transactionKind, transactionState } from './transaction-state.js';

const SETTLED = new Date('2015-04-11T03:13:45Z');
const row = (overrides: Partial<StateFields>): StateFields => ({
  transactionType: 'SALE',
  approvalCode: 'TAS610',
  approvalMessage: 'APPROVAL TAS610  - Approved and completed',
  settledAt: null,
  ...overrides,
});

describe('transactionState', () => {
  it('an approved, unsettled sale is approved; once settled, settled', () => {
    expect(transactionState(row({}))).toBe('approved');
    expect(transactionState(row({ settledAt: SETTLED }))).toBe('settled');
  });

  it('keeps the fact sheet sample (approval code GB571-style, settled timestamp) settled', () => {
    expect(transactionState(row({ approvalCode: 'GB571', approvalMessage: '  NO  MATCH - Approved and completed', settledAt: SETTLED }))).toBe('settled');
  });

  it.each(['    DECLINE - Do not honor', '  EXPIRED CARD - Expired card', '  PICK UP CARD - Pick up card', '    DECLINE - Insufficient funds'])(
    'a row without an approval code (%j) is declined',
    (approvalMessage) => expect(transactionState(row({ approvalCode: '', approvalMessage }))).toBe('declined'),
  );

  it('declined authorizations are declined too', () => {
    expect(transactionState(row({ transactionType: 'AUTHORIZATION', approvalCode: '', approvalMessage: '    DECLINE - Do not honor' }))).toBe('declined');
  });

  it('authorizations and unsettled captures are approved; a settled capture is settled', () => {
    expect(transactionState(row({ transactionType: 'AUTHORIZATION' }))).toBe('approved');
    expect(transactionState(row({ transactionType: 'CAPTURE' }))).toBe('approved');
    expect(transactionState(row({ transactionType: 'CAPTURE', settledAt: SETTLED }))).toBe('settled');
  });

  it('VOID rows are voided, an auto-voided 103 (approval code kept) included', () => {
    expect(transactionState(row({ transactionType: 'VOID' }))).toBe('voided');
    expect(transactionState(row({ transactionType: 'void', approvalMessage: '  NO  MATCH - Approved and completed' }))).toBe('voided');
  });

  it('refund transactions are refunded, settled or not', () => {
    expect(transactionState(row({ transactionType: 'REFUND' }))).toBe('refunded');
    expect(transactionState(row({ transactionType: 'REFUND', settledAt: SETTLED }))).toBe('refunded');
  });

  it('a refund the processor did not approve is declined, not refunded', () => {
    expect(transactionState(row({ transactionType: 'REFUND', approvalCode: '', approvalMessage: '    DECLINE - Do not honor' }))).toBe('declined');
  });

  it('chargebacks (no approval code, settled at creation) are charged back', () => {
    expect(transactionState(row({ transactionType: 'CHARGEBACK', approvalCode: '', approvalMessage: '', settledAt: SETTLED }))).toBe('charged_back');
  });

  it('a row without approval code but with an approval message counts as approved', () => {
    expect(transactionState(row({ approvalCode: '', approvalMessage: 'Approved and completed' }))).toBe('approved');
    expect(transactionState(row({ approvalCode: '', approvalMessage: '' }))).toBe('declined');
  });
});

describe('transactionKind', () => {
  it.each([
    ['SALE', 'sale'],
    ['AUTHORIZATION', 'authorization'],
    ['CAPTURE', 'capture'],
    ['REFUND', 'refund'],
    ['VOID', 'void'],
    ['CHARGEBACK', 'chargeback'],
    [' sale ', 'sale'],
    ['HOLD', 'other'],
  ] as const)('%j → %s', (transactionType, kind) => expect(transactionKind({ transactionType })).toBe(kind));
});
