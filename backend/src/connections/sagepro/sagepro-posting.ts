import { z } from 'zod';
import { SANDBOX_CONNECTOR_GL } from '../../sandbox/sagepro/seed-data.js';
import type { SageProConnectionInput } from '../../sagepro/options.js';
import { DEFAULT_STATUS_CODES } from '../../sagepro/payment-status.js';
import type { SageProEditionName, SqlServerDetails } from './sagepro-connection.rules.js';

const account = z.string().trim().min(1, 'is required').max(24, 'must be at most 24 characters (glacnt)');
const code = z.string().trim().min(1).max(20, 'must be at most 20 characters (ORDRSTAT code)');

/**
 * How Settle posts into one Sage Pro company: the GL accounts it uses, where payment status goes
 * (the order's user-defined status `somast.orderstat`, and/or the invoice's `armast.refno`) with which
 * ORDRSTAT codes, and what to do with cash for a customer on credit hold. Kept per connection.
 */
export const postingRules = z.object({
  glCash: account,
  glReceivables: account,
  glDiscounts: account,
  glRefunds: account,
  glChargebacks: account,
  glSales: account.nullable(),
  statusOnOrder: z.boolean(),
  statusOnInvoice: z.boolean(),
  paidCode: code,
  partlyPaidCode: code,
  failedCode: code,
  refundedCode: code,
  chargedBackCode: code,
  creditHold: z.enum(['refuse', 'apply']),
  /** Settle's Sage Pro user id, stamped in adduser (char(4)). */
  userId: z.string().trim().min(1).max(4, 'must be at most 4 characters (adduser)'),
});
export type Posting = z.infer<typeof postingRules>;

/** Sage Pro's usual accounts (the sandbox's chart); a real company's must be checked by its accountant. */
export function defaultPosting(): Posting {
  return {
    glCash: SANDBOX_CONNECTOR_GL.cash,
    glReceivables: SANDBOX_CONNECTOR_GL.receivables,
    glDiscounts: SANDBOX_CONNECTOR_GL.discounts,
    glRefunds: SANDBOX_CONNECTOR_GL.refunds,
    glChargebacks: SANDBOX_CONNECTOR_GL.chargebacks,
    glSales: SANDBOX_CONNECTOR_GL.sales,
    statusOnOrder: true,
    statusOnInvoice: true,
    paidCode: DEFAULT_STATUS_CODES.paid,
    partlyPaidCode: DEFAULT_STATUS_CODES.partly_paid,
    failedCode: DEFAULT_STATUS_CODES.failed,
    refundedCode: DEFAULT_STATUS_CODES.refunded,
    chargedBackCode: DEFAULT_STATUS_CODES.charged_back,
    creditHold: 'refuse',
    userId: 'STL',
  };
}

/** Stored settings over the defaults: a connection saved before a setting existed still works. */
export function postingOf(stored: unknown): Posting {
  const merged = { ...defaultPosting(), ...(stored && typeof stored === 'object' ? stored : {}) };
  return postingRules.parse(merged);
}

export interface ConnectorTarget {
  edition: SageProEditionName;
  companyId: string;
  details: Pick<SqlServerDetails, 'companyDatabase' | 'systemDatabase'> | null;
  timeZone: string;
}

/** The connector's options for a connection: where its tables are, and how it posts. */
export function connectorOptionsFor(target: ConnectorTarget, posting: Posting): SageProConnectionInput {
  const tables =
    target.edition === 'sandbox'
      ? { company: [`pro${target.companyId}`], system: ['prosys'] }
      : { company: [target.details!.companyDatabase, 'dbo'], system: [target.details!.systemDatabase, 'dbo'] };
  return {
    dialect: target.edition === 'sandbox' ? 'postgres' : 'mssql',
    compid: target.companyId,
    tables,
    user: posting.userId,
    timeZone: target.timeZone,
    gl: {
      cash: posting.glCash,
      receivables: posting.glReceivables,
      discounts: posting.glDiscounts,
      refunds: posting.glRefunds,
      chargebacks: posting.glChargebacks,
      ...(posting.glSales ? { sales: posting.glSales } : {}),
    },
    paymentStatus: {
      orderField: posting.statusOnOrder ? 'orderstat' : null,
      invoiceField: posting.statusOnInvoice ? 'refno' : null,
      codes: {
        paid: posting.paidCode,
        partly_paid: posting.partlyPaidCode,
        failed: posting.failedCode,
        voided: posting.failedCode,
        refunded: posting.refundedCode,
        charged_back: posting.chargedBackCode,
      },
    },
    creditHold: posting.creditHold,
  };
}
