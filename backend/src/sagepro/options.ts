/**
 * One Sage Pro connection's settings, checked once when the connection is built: where the tables
 * are, who Settle is in Sage Pro, which GL accounts it posts to and where payment statuses go.
 */
import { z } from 'zod';
import { isIsoCurrency } from '../platform/money/currencies.js';
import { isTimeZone } from '../platform/time-zone.js';
import { DEFAULT_STATUS_CODES, type PaymentStatus } from './payment-status.js';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$#@]{0,127}$/, 'a plain SQL identifier');
const account = z.string().trim().min(1).max(24);
const statuses = ['paid', 'partly_paid', 'failed', 'refunded', 'voided', 'charged_back'] as const satisfies readonly PaymentStatus[];

export const sageProConnectionOptions = z.object({
  dialect: z.enum(['mssql', 'postgres']),
  /** Sage Pro company id ('01'): SYSDATA counters 'AR01', SYCRLST rows of compid '01'. */
  compid: z.string().regex(/^[0-9A-Z]{2}$/),
  /** ['pro01'] / ['prosys'] on the sandbox; ['PRO01', 'dbo'] / ['PROSYS', 'dbo'] on SQL Server. */
  tables: z.object({ company: z.array(identifier).min(1).max(2), system: z.array(identifier).min(1).max(2) }),
  /** Settle's Sage Pro user id, stamped in adduser (char(4)). */
  user: z.string().trim().min(1).max(4),
  /** The company's zone, for adddate/addtime. */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone'),
  gl: z.object({
    /** Debited by receipts: the card clearing account PayTrace settles into. */
    cash: account,
    /** Credited by receipts when neither the invoice (glarec) nor the customer (aracct) names one. */
    receivables: account,
    /** Debited with discounts customers take. */
    discounts: account,
    /** Credited when a receipt is refunded: the account refunds are paid out of. */
    refunds: account,
    /** Credited when a receipt is charged back: the account the processor takes chargebacks from. */
    chargebacks: account,
    /** Written on the sales order lines Settle creates (sotran.glsale); blank (Sage Pro's default) when absent. */
    sales: account.optional(),
  }),
  orders: z
    .object({
      /** somast.orderstat of an order Settle creates: an ORDRSTAT code of the company, or null for blank. */
      openStatus: z.string().trim().min(1).max(20).nullable(),
    })
    .default({ openStatus: 'OPEN' }),
  paymentStatus: z
    .object({
      orderField: z.enum(['orderstat']).nullable(),
      invoiceField: z.enum(['refno']).nullable(),
      codes: z.partialRecord(z.enum(statuses), z.string().trim().min(1).max(20)),
    })
    .default({ orderField: 'orderstat', invoiceField: 'refno', codes: { ...DEFAULT_STATUS_CODES } }),
  /** A customer on credit hold is under review: refuse new cash (Permanent credit_hold) or apply it anyway. */
  creditHold: z.enum(['refuse', 'apply']).default('refuse'),
  /** How long a write waits for a record lock before failing as a Transient lock_timeout. */
  lockTimeoutMs: z.number().int().min(0).max(600_000).default(5_000),
  /**
   * The books' currency where Sage Pro keeps none on the document or customer: the tenant's base
   * currency (the drain passes it). Payments in another currency are refused naming `currency`, and
   * blank-currency money is read with its exponent. USD, a new tenant's base currency, when not given.
   */
  fallbackCurrency: z.string().refine(isIsoCurrency, 'an ISO 4217 currency code').default('USD'),
});

export type SageProConnectionOptions = z.output<typeof sageProConnectionOptions>;
export type SageProConnectionInput = z.input<typeof sageProConnectionOptions>;
