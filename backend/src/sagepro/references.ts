/**
 * The Settle reference every Sage Pro write carries in arcash.refno (char(20)), by which the write is
 * found again and never repeated. It starts with 'PT' so that it cannot be mistaken for a check
 * number a Sage Pro user typed ('10452'), and it carries the PayTrace transaction id so a user can
 * find the payment in PayTrace. A refund is its own PayTrace transaction; a void and a chargeback act
 * on the original one, so they get a suffix that keeps them apart from the receipt.
 */
export type PayTraceEvent = 'payment' | 'refund' | 'void' | 'chargeback';

const SUFFIX: Record<PayTraceEvent, string> = { payment: '', refund: '', void: '-V', chargeback: '-CB' };

/** payTraceReference(123456789, 'void') → 'PT123456789-V'. */
export function payTraceReference(transactionId: number | string, event: PayTraceEvent = 'payment'): string {
  const id = String(transactionId).trim();
  if (!/^\d{1,15}$/.test(id)) throw new RangeError(`Not a PayTrace transaction id: ${JSON.stringify(transactionId)}`);
  return `PT${id}${SUFFIX[event]}`;
}

/** Whether arcash.refno holds a reference payTraceReference made ('PT123456789', '-V', '-CB'), not one a person typed. */
export function isPayTraceReference(refno: string): boolean {
  return /^PT\d{1,15}(?:-V|-CB)?$/.test(refno.trim());
}

/**
 * A Settle reference for a record that has no reference field of its own (a customer, a sales
 * order): 1 to 40 characters, a letter or digit first, then letters, digits and `. : / # -`. The
 * characters are chosen so that the reference needs no escaping in a LIKE pattern on either server
 * (no `%`, `_`, `[`, `]`, `^`) and cannot end the marker (`>`).
 */
export const SETTLE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9.:\/#-]{0,39}$/;

/** The reference as Settle writes it into a Sage Pro text field: `<Settle WEB-10045>`. */
export function settleMarker(reference: string): string {
  return `<Settle ${reference}>`;
}

/** The LIKE pattern that finds the marker anywhere in a text or memo field. */
export function settleMarkerPattern(reference: string): string {
  return `%${settleMarker(reference)}%`;
}

/** The reference a text field carries, if it carries one. */
export function referenceInText(text: string | null | undefined): string | null {
  const match = /<Settle ([A-Za-z0-9][A-Za-z0-9.:\/#-]{0,39})>/.exec(text ?? '');
  return match ? match[1] : null;
}
