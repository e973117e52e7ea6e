/**
 * What the (emulated) processor answers to a card sale or authorization. As on PayTrace's sandbox,
 * declines are triggered by the amount; everything else is approved. Messages keep the processor's
 * leading and double spaces.
 */
export type Trigger = { decline: string } | { autoVoid: 'csc' | 'avs' };

/** Amount in cents → forced outcome. Documented in README.md; $0.29 is PayTrace's own. */
export const AMOUNT_TRIGGERS: ReadonlyMap<number, Trigger> = new Map<number, Trigger>([
  [5, { decline: '  PICK UP CARD - Pick up card' }],
  [13, { decline: '    DECLINE - Do not honor' }],
  [29, { decline: '  EXPIRED CARD - Expired card' }],
  [35, { autoVoid: 'csc' }],
  [45, { autoVoid: 'avs' }],
  [51, { decline: '    DECLINE - Insufficient funds' }],
]);

export const EXPIRED_CARD = '  EXPIRED CARD - Expired card';

export interface CardAttempt {
  amountCents: number;
  cscProvided: boolean;
  /** Street and zip the cardholder gave, for the address check. */
  billing?: { street_address?: string; zip?: string };
  expired: boolean;
}

export interface CardOutcome {
  responseCode: 101 | 102 | 103;
  statusMessage: string;
  /** The issuer approved (101, and 103 before the auto-void). */
  approved: boolean;
  /** 103: approved, then voided at once because the address or CSC did not match. */
  autoVoided: boolean;
  approvalCode: string;
  approvalMessage: string;
  avsResponse: string;
  cscResponse: string;
}

export function decideCardOutcome(attempt: CardAttempt, approvalCode: string): CardOutcome {
  const trigger = AMOUNT_TRIGGERS.get(attempt.amountCents);
  const avs = addressCheck(attempt.billing, trigger);
  const cscResponse = !attempt.cscProvided ? '' : trigger && 'autoVoid' in trigger && trigger.autoVoid === 'csc' ? 'No Match' : 'Match';
  const declineMessage = attempt.expired ? EXPIRED_CARD : trigger && 'decline' in trigger ? trigger.decline : undefined;
  if (declineMessage) {
    return {
      responseCode: 102,
      statusMessage: 'Your transaction was not approved.',
      approved: false,
      autoVoided: false,
      approvalCode: '',
      approvalMessage: declineMessage,
      avsResponse: avs.response,
      cscResponse,
    };
  }
  const approvalMessage = avs.response === 'No Match' ? '  NO  MATCH - Approved and completed' : `APPROVAL ${approvalCode}  - Approved and completed`;
  const base = { approved: true, approvalCode, approvalMessage, avsResponse: avs.response, cscResponse };
  if (trigger && 'autoVoid' in trigger) {
    const what = trigger.autoVoid === 'csc' ? 'the CSC' : 'the address';
    return {
      ...base,
      responseCode: 103,
      statusMessage: `Your transaction was successfully approved. HOWEVER, it was voided because ${what} did not match.`,
      autoVoided: true,
    };
  }
  return { ...base, responseCode: 101, statusMessage: 'Your transaction was successfully approved.', autoVoided: false };
}

/** "0" when no address was given; a full match needs a street and a US zip. */
function addressCheck(billing: CardAttempt['billing'], trigger: Trigger | undefined): { response: string } {
  if (!billing || (!billing.street_address && !billing.zip)) return { response: '0' };
  const forcedMismatch = trigger !== undefined && 'autoVoid' in trigger && trigger.autoVoid === 'avs';
  const full = Boolean(billing.street_address) && /^\d{5}(-?\d{4})?$/.test(billing.zip ?? '');
  return { response: full && !forcedMismatch ? 'Full Exact Match' : 'No Match' };
}
