/**
 * How a preview of a refund, void or chargeback reads the receipt it reverses. The pipeline finds the
 * receipt in Settle's own records; a preview does not consult them, so it reads what Sage Pro holds
 * under the sale's Settle reference and decides with the pipeline's own decideReversal.
 */
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import { decideReversal, type ReceiptFact, type SaleProgress } from '../../pipeline/workflows/payment-decisions.js';
import type { CashReceipt } from '../../sagepro/company.js';

/**
 * The receipt as the pipeline's decision sees it: its cash (positive ARCASH lines), the invoice it paid
 * (not the open credit an overpayment became). Earlier reversals are Settle's records: none here, the
 * connector still caps a reversal at the cash left on each item.
 */
export function receiptFactOf(receipt: CashReceipt): ReceiptFact {
  const paid = receipt.lines.filter((line) => line.paidCents > 0);
  const invoice = paid.find((line) => line.invno !== receipt.openCreditInvno);
  return {
    reference: receipt.reference,
    invno: invoice?.invno ?? null,
    sono: null,
    custno: receipt.custno,
    amountMinor: paid.reduce((sum, line) => sum + line.paidCents, 0),
    reversedMinor: 0,
  };
}

const WHILE: [SaleProgress, string, number][] = [
  ['in_flight', 'while its sale is being synced', 0],
  ['parked', 'while its sale waits for a person', 0],
  ['finished', 'when its sale finished without one', 0],
  ['unknown', 'while its sale has not arrived', 0],
  ['unknown', 'when it waited as long as it may', 1],
];

/**
 * What the pipeline does with a reversal whose receipt Sage Pro does not hold, by where its sale stands
 * in Settle (which a preview does not read): decideReversal's answer for each.
 */
export function withoutReceipt(event: PaymentEvent, date: string): string {
  const answers = WHILE.map(([sale, when, waitedMs]) => {
    const decision = decideReversal(event, { receipts: [], sale, waitedMs, maxWaitMs: 1 }, date);
    const does = decision.kind === 'wait' ? `waits (${decision.why})` : decision.kind === 'nothing' ? `writes nothing (${decision.why})` : decision.kind === 'review' ? `sends it to manual review (${decision.reason})` : 'reverses it';
    return `${when}, it ${does}`;
  });
  return answers.join('; ');
}
