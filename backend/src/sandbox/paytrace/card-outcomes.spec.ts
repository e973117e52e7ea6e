import { describe, expect, it } from 'vitest';
import { decideCardOutcome } from './card-outcomes.js';

const attempt = { amountCents: 100, cscProvided: true, expired: false, billing: { street_address: '8320 This Way Lane', zip: '85284' } };

describe('card outcomes', () => {
  it('approves ordinary amounts, echoing address and CSC checks', () => {
    expect(decideCardOutcome(attempt, 'TAS610')).toEqual({
      responseCode: 101,
      statusMessage: 'Your transaction was successfully approved.',
      approved: true,
      autoVoided: false,
      approvalCode: 'TAS610',
      approvalMessage: 'APPROVAL TAS610  - Approved and completed',
      avsResponse: 'Full Exact Match',
      cscResponse: 'Match',
    });
  });

  it('shows the processor text for an address that does not match', () => {
    const outcome = decideCardOutcome({ ...attempt, cscProvided: false, billing: { street_address: '456 My Street', zip: 'K1C2N6' } }, 'TAS679');
    expect(outcome.approvalMessage).toBe('  NO  MATCH - Approved and completed');
    expect(outcome.avsResponse).toBe('No Match');
    expect(outcome.cscResponse).toBe('');
    expect(decideCardOutcome({ ...attempt, billing: undefined }, 'TAS1').avsResponse).toBe('0');
  });

  it('declines $0.29 as an expired card, with the leading spaces', () => {
    const outcome = decideCardOutcome({ ...attempt, amountCents: 29 }, 'TAS1');
    expect(outcome).toMatchObject({ responseCode: 102, approved: false, approvalCode: '', approvalMessage: '  EXPIRED CARD - Expired card' });
    expect(outcome.statusMessage).toBe('Your transaction was not approved.');
  });

  it('declines from the amount table and for a past expiry date', () => {
    expect(decideCardOutcome({ ...attempt, amountCents: 13 }, 'X').approvalMessage).toBe('    DECLINE - Do not honor');
    expect(decideCardOutcome({ ...attempt, amountCents: 51 }, 'X').approvalMessage).toBe('    DECLINE - Insufficient funds');
    expect(decideCardOutcome({ ...attempt, expired: true }, 'X').approvalMessage).toBe('  EXPIRED CARD - Expired card');
  });

  it('auto-voids $0.35 (CSC) and $0.45 (address) with code 103', () => {
    const csc = decideCardOutcome({ ...attempt, amountCents: 35 }, 'TAS2');
    expect(csc).toMatchObject({ responseCode: 103, approved: true, autoVoided: true, cscResponse: 'No Match', approvalCode: 'TAS2' });
    const avs = decideCardOutcome({ ...attempt, amountCents: 45 }, 'TAS3');
    expect(avs).toMatchObject({ responseCode: 103, autoVoided: true, avsResponse: 'No Match' });
    expect(avs.statusMessage).toContain('the address did not match');
  });
});
