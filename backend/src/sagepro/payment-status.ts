/**
 * Sage Pro has no payment-status field, so Settle shows one where Sage Pro users already look:
 * - on the sales order, its user-defined status somast.orderstat, whose codes the company keeps in
 *   SYCRLST rule 'ORDRSTAT' (Settle only writes codes that exist there);
 * - on the invoice, armast.refno ("reference", blank on invoices Sage Pro creates): the status code
 *   and the PayTrace reference, e.g. 'PAID PT123456789'. Settle only writes it when the field is
 *   blank or holds an earlier Settle status, never over what a person typed.
 * Both places and the codes are chosen per connection.
 */
import { PermanentSageProError } from './errors.js';

export type PaymentStatus = 'paid' | 'partly_paid' | 'failed' | 'refunded' | 'voided' | 'charged_back';

export interface PaymentStatusOptions {
  /** The order field holding the status; null: leave orders alone. */
  orderField: 'orderstat' | null;
  /** The invoice field holding the status; null: leave invoices alone. */
  invoiceField: 'refno' | null;
  /** The ORDRSTAT code of each status; a status without a code is not recorded. */
  codes: Partial<Record<PaymentStatus, string>>;
}

/** The codes the sandbox company ships in SYCRLST 'ORDRSTAT'. */
export const DEFAULT_STATUS_CODES: Readonly<Record<PaymentStatus, string>> = {
  paid: 'PAID',
  partly_paid: 'PARTPAID',
  failed: 'PAYFAIL',
  refunded: 'REFUNDED',
  voided: 'PAYFAIL',
  charged_back: 'CHGBACK',
};

/** The invoice text for a status: 'PAID PT123456789', or the code alone without a reference. */
export function invoiceStatusText(code: string, reference?: string): string {
  return [code, reference?.trim()].filter(Boolean).join(' ');
}

/**
 * The invoice field's new text, or undefined when it already says so. Throws field_in_use when the
 * field holds something Settle did not write.
 */
export function planInvoiceStatus(current: string, text: string, options: PaymentStatusOptions, field: string): string | undefined {
  const now = current.trim();
  if (now === text) return undefined;
  const ours = Object.values(options.codes).some((code) => now === code || now.startsWith(`${code} `));
  if (now && !ours) {
    throw new PermanentSageProError('field_in_use', `${field} holds "${now}", which Settle did not write`, field, now, 'blank or a Settle payment status');
  }
  return text;
}
