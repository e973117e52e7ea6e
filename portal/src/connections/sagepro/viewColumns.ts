import type { SageProView } from '../../data';
import { formatCents } from '../format';

export const VIEW_LABELS: Record<SageProView, string> = {
  customers: 'Customers',
  open_invoices: 'Open invoices',
  receipts: 'Receipts',
  gl_distributions: 'GL distributions',
  orders: 'Orders',
  stock: 'Stock',
};

/** Columns of sageProSandboxView that hold money, as integer cents. */
const MONEY = new Set(['amount', 'paid', 'balance', 'discount', 'creditLimit', 'shipped', 'price']);
/** Plain numbers (quantities, counts, ids): right-aligned, as they are. */
const NUMBERS = new Set(['id', 'onHand', 'allocated', 'available', 'lines']);
/** Document numbers Sage Pro keeps right-justified: shown trimmed, right-aligned so that they line up. */
const DOCUMENT_NUMBERS = new Set(['invno', 'sono', 'tranno', 'session', 'glBatch']);

const LABELS: Record<string, string> = {
  custno: 'Customer no.',
  invno: 'Invoice no.',
  sono: 'Order no.',
  tranno: 'Transaction no.',
  ponum: 'PO no.',
  id: 'Row id',
  creditLimit: 'Credit limit',
  onCreditHold: 'Credit hold',
  lastPayment: 'Last payment',
  invoiceDate: 'Invoice date',
  salesOrder: 'Sales order',
  paidOn: 'Paid on',
  accountName: 'Account name',
  glBatch: 'GL batch',
  orderDate: 'Order date',
  dueDate: 'Due date',
  orderStatus: 'Order status',
  onHand: 'On hand',
};

/** "creditLimit" → "Credit limit", "gl_batch" → "Gl batch": for columns without a label of their own. */
const humanize = (column: string) => {
  const words = column.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export interface ViewColumn {
  name: string;
  label: string;
  align: 'left' | 'right';
  format: (value: string, row: string[]) => string;
}

/** How to show each column of a view: label, alignment, and money from cents in the row's currency. */
export function viewColumns(columns: string[]): ViewColumn[] {
  const currencyAt = columns.indexOf('currency');
  return columns.map((name): ViewColumn => {
    const label = LABELS[name] ?? humanize(name);
    if (MONEY.has(name)) {
      return {
        name, label, align: 'right',
        format: (value, row) => {
          if (!/^\s*-?\d+\s*$/.test(value)) return value;
          return formatCents(value, currencyAt >= 0 ? row[currencyAt] : null);
        },
      };
    }
    if (NUMBERS.has(name) || DOCUMENT_NUMBERS.has(name)) return { name, label, align: 'right', format: value => value.trim() };
    return {
      name, label, align: 'left',
      format: value => (value === 'true' ? 'Yes' : value === 'false' ? 'No' : value.trim()),
    };
  });
}
