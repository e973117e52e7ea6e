/**
 * The payment statuses of a receipt batch, planned as recordPaymentStatus would write them one after
 * the other, in the batch's order: each item sees the invoice text and order status the items before
 * it left, so the last payment on an invoice decides what it shows. An item whose status cannot be
 * written (a field a person filled in, a user's lock, a code the company lacks, a field rule) is
 * answered with its error and changes nothing; its receipt stands. Pure: no I/O.
 */
import type { PaymentStatusRecord, StatusOutcome } from './company.js';
import { PermanentSageProError, TransientSageProError } from './errors.js';
import { validateWrite } from './field-rules.js';
import { trimKey } from './keys.js';
import { invoiceStatusText, type PaymentStatus, type PaymentStatusOptions, planInvoiceStatus } from './payment-status.js';
import { ensureNotUserLocked } from './records.js';

/** The invoice a receipt went to, as read under lock. */
export interface StatusInvoice {
  id: number;
  invno: string;
  ornum: string;
  refno: string;
  lckstat: string;
  lckuser: string;
}

/** The invoice's order, as read under lock (the first id_col per number). */
export interface StatusOrder {
  id: number;
  sono: string;
  orderstat: string;
  lckstat: string;
  lckuser: string;
}

export interface StatusItem {
  index: number;
  invoice: StatusInvoice;
  status: PaymentStatus;
  /** Shown beside the status on the invoice. */
  reference: string;
  /** The code set on the order in place of the status's (a flow's mapping). */
  orderStatus?: string;
}

export interface BatchStatusPlan {
  outcomes: Map<number, StatusOutcome>;
  /** armast.refno per invoice id, where it changes. */
  invoiceTexts: Map<number, string>;
  /** somast.orderstat per order id, where it changes. */
  orderCodes: Map<number, string>;
}

/**
 * `orders` by trimmed sono; `knownCodes` the company's ORDRSTAT codes (read only when an item has an
 * order to mark).
 */
export function planBatchStatuses(items: StatusItem[], options: PaymentStatusOptions, orders: Map<string, StatusOrder>, knownCodes: string[]): BatchStatusPlan {
  const out: BatchStatusPlan = { outcomes: new Map(), invoiceTexts: new Map(), orderCodes: new Map() };
  const texts = new Map<number, string>();
  const statuses = new Map<number, string>();
  for (const item of items) {
    const code = options.codes[item.status];
    if (!code) {
      out.outcomes.set(item.index, { kind: 'AlreadyApplied', records: {} }); // the connection records no code for this status
      continue;
    }
    try {
      const records: PaymentStatusRecord = {};
      let changed = false;
      let text: string | undefined;
      const invoice = item.invoice;
      if (options.invoiceField) {
        ensureNotUserLocked('armast', invoice.invno, invoice);
        const shown = invoiceStatusText(code, item.reference);
        validateWrite('armast', { refno: shown });
        text = planInvoiceStatus(texts.get(invoice.id) ?? invoice.refno, shown, options, 'armast.refno');
        changed ||= text !== undefined;
        records.invoice = { invno: trimKey(invoice.invno), field: 'armast.refno', text: shown };
      }
      const order = options.orderField ? orders.get(trimKey(invoice.ornum)) : undefined;
      const orderCode = item.orderStatus || code;
      if (order) {
        ensureNotUserLocked('somast', order.sono, order);
        if (!knownCodes.includes(orderCode)) {
          throw new PermanentSageProError('unknown_status_code', `ORDRSTAT has no code ${orderCode}`, 'somast.orderstat', orderCode, `a SYCRLST 'ORDRSTAT' code (${knownCodes.join(', ')})`);
        }
        validateWrite('somast', { orderstat: orderCode });
        changed ||= trimKey(statuses.get(order.id) ?? order.orderstat) !== orderCode;
        records.order = { sono: trimKey(order.sono), orderstat: orderCode };
      }
      // All of the item's status or none of it, as in one recordPaymentStatus transaction.
      if (text !== undefined) texts.set(invoice.id, text);
      if (order) statuses.set(order.id, orderCode);
      out.outcomes.set(item.index, { kind: changed ? 'Applied' : 'AlreadyApplied', records });
    } catch (error) {
      if (!(error instanceof PermanentSageProError || error instanceof TransientSageProError)) throw error;
      out.outcomes.set(item.index, { kind: 'Failed', error });
    }
  }
  for (const item of items) {
    const text = texts.get(item.invoice.id);
    if (text !== undefined && text !== item.invoice.refno.trim()) out.invoiceTexts.set(item.invoice.id, text);
  }
  for (const order of orders.values()) {
    const code = statuses.get(order.id);
    if (code !== undefined && code !== trimKey(order.orderstat)) out.orderCodes.set(order.id, code);
  }
  return out;
}
