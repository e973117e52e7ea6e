/**
 * Sage Pro's receipt lines as reconciliation reads them. A line is card money a clerk keyed by hand
 * when it carries no Settle reference and went to an account card money goes to (the connection's
 * cash account and the accounts of the flows' GL rules): checks and wires a customer sent are not
 * PayTrace's business, whatever their amount.
 */
import { trimKey } from '../../sagepro/keys.js';
import { isPayTraceReference } from '../../sagepro/references.js';
import type { ReceiptLineRecord } from '../../sagepro/company.js';
import type { SageReceiptLine } from '../matching/records.js';

export function sageReceiptLine(line: ReceiptLineRecord, cardAccounts: ReadonlySet<string>): SageReceiptLine {
  const reference = line.reference.trim();
  return {
    id: line.id,
    reference,
    custno: line.custno,
    invno: line.invno,
    amountMinor: line.paidCents,
    currency: line.currency,
    date: line.date ?? '',
    handKeyed: !isPayTraceReference(reference) && cardAccounts.has(trimKey(line.cashAccount)),
  };
}
