/**
 * A flow's payment mappings put into the connector's inputs. cash_receipt → IncomingPayment: the date
 * the customer paid (dtepaid), a discount taken (disamt, Sage money text turned back into minor units)
 * and the deposit account (cashacct; a mapping wins over the GL rules). gl_distribution → the
 * description of the receipt's ARDIST lines (descrip). invoice_status → the ORDRSTAT code a status
 * write sets on the invoice's sales order (orderstat) in place of the status map's. Everything else of
 * these records is Settle's (sage-targets.ts says why), so a mapping of it never compiles. Values were
 * checked (check-values.ts).
 */
import type { IncomingPayment } from '../../sagepro/company.js';
import { sageMoneyToMinor } from '../../sagepro/money.js';
import type { SageValues } from './order-inputs.js';

type Setter<T> = (input: T, value: string | number) => void;

export const CASH_RECEIPT_INPUTS: Readonly<Record<string, Setter<IncomingPayment>>> = {
  dtepaid: (p, v) => (p.date = String(v)),
  disamt: (p, v) => (p.discountCents = sageMoneyToMinor(v, p.currency)),
  cashacct: (p, v) => (p.cashAccount = String(v).trim()),
};

export const GL_DISTRIBUTION_INPUTS: Readonly<Record<string, Setter<IncomingPayment>>> = {
  descrip: (p, v) => (p.description = String(v)),
};

/** What a flow changes in a payment's status write (PaymentStatusUpdate.orderStatus). */
export interface StatusInputs {
  orderStatus?: string;
}

export const INVOICE_STATUS_INPUTS: Readonly<Record<string, Setter<StatusInputs>>> = {
  orderstat: (s, v) => (s.orderStatus = String(v).trim()),
};

/** The payment with the mapped fields in place of Settle's defaults (the given one is not changed). */
export function applyPaymentMappings(payment: IncomingPayment, values: SageValues, inputs: Readonly<Record<string, Setter<IncomingPayment>>> = CASH_RECEIPT_INPUTS): IncomingPayment {
  const mapped = { ...payment };
  for (const [field, value] of Object.entries(values)) inputs[field]?.(mapped, value);
  return mapped;
}

/** The status write's mapped inputs (none when nothing is mapped). */
export function applyStatusMappings(values: SageValues): StatusInputs {
  const inputs: StatusInputs = {};
  for (const [field, value] of Object.entries(values)) INVOICE_STATUS_INPUTS[field]?.(inputs, value);
  return inputs;
}
