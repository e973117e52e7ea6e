/**
 * A flow's cash_receipt mappings put into the connector's IncomingPayment: the date the customer paid
 * (dtepaid), a discount taken (disamt, Sage money text turned back into minor units) and the deposit
 * account (cashacct; a mapping wins over the GL rules). Everything else of a receipt is Settle's
 * (sage-targets.ts says why), so a mapping of it never compiles. Values were checked (check-values.ts).
 */
import type { IncomingPayment } from '../../sagepro/company.js';
import { sageMoneyToMinor } from '../../sagepro/money.js';
import type { SageValues } from './order-inputs.js';

export const CASH_RECEIPT_INPUTS: Readonly<Record<string, (payment: IncomingPayment, value: string | number) => void>> = {
  dtepaid: (p, v) => (p.date = String(v)),
  disamt: (p, v) => (p.discountCents = sageMoneyToMinor(v, p.currency)),
  cashacct: (p, v) => (p.cashAccount = String(v).trim()),
};

/** The payment with the mapped fields in place of Settle's defaults (the given one is not changed). */
export function applyPaymentMappings(payment: IncomingPayment, values: SageValues): IncomingPayment {
  const mapped = { ...payment };
  for (const [field, value] of Object.entries(values)) CASH_RECEIPT_INPUTS[field]?.(mapped, value);
  return mapped;
}
