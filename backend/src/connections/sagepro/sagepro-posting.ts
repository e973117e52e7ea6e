import { z } from 'zod';
import { PermanentSageProError } from '../../sagepro/errors.js';
import type { SageProConnectionInput } from '../../sagepro/options.js';
import { DEFAULT_STATUS_CODES } from '../../sagepro/payment-status.js';
import type { SageProEditionName, SqlServerDetails } from './sagepro-connection.rules.js';

const account = z.string().trim().min(1, 'is required').max(24, 'must be at most 24 characters (glacnt)');
const code = z.string().trim().min(1).max(20, 'must be at most 20 characters (ORDRSTAT code)');

/**
 * How Settle posts into one Sage Pro company: the GL accounts it uses, where payment status goes
 * (the order's user-defined status `somast.orderstat`, and/or the invoice's `armast.refno`) with which
 * ORDRSTAT codes, and what to do with cash for a customer on credit hold. Kept per connection.
 * A GL account is null until someone chooses it from the company's own chart: an account number
 * means something else in every company, so Settle never guesses one.
 */
export const postingRules = z.object({
  glCash: account.nullable(),
  glReceivables: account.nullable(),
  glDiscounts: account.nullable(),
  glRefunds: account.nullable(),
  glChargebacks: account.nullable(),
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

/** The connector's `gl` option, as chosen: all but the sales account are needed to post anything. */
export type PostingAccounts = SageProConnectionInput['gl'];
type AccountName = keyof PostingAccounts;

/** Each posting setting that holds a GL account, with the connector option it becomes. */
export const POSTING_ACCOUNT_FIELDS = {
  glCash: 'cash',
  glReceivables: 'receivables',
  glDiscounts: 'discounts',
  glRefunds: 'refunds',
  glChargebacks: 'chargebacks',
  glSales: 'sales',
} as const satisfies Record<string, AccountName>;
export type PostingAccountField = keyof typeof POSTING_ACCOUNT_FIELDS;

/** The accounts receipts, refunds and chargebacks post to; the sales account may stay blank (Sage Pro's default). */
const REQUIRED: readonly PostingAccountField[] = ['glCash', 'glReceivables', 'glDiscounts', 'glRefunds', 'glChargebacks'];

/** Everything but the GL accounts, which no company shares: those are chosen per connection. */
export function defaultPosting(): Posting {
  return {
    glCash: null,
    glReceivables: null,
    glDiscounts: null,
    glRefunds: null,
    glChargebacks: null,
    glSales: null,
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

/** A connection's posting settings with the given accounts chosen (the sandbox company's, at one click). */
export function postingWithAccounts(accounts: PostingAccounts): Posting {
  return {
    ...defaultPosting(),
    glCash: accounts.cash,
    glReceivables: accounts.receivables,
    glDiscounts: accounts.discounts,
    glRefunds: accounts.refunds,
    glChargebacks: accounts.chargebacks,
    glSales: accounts.sales ?? null,
  };
}

/** The connector's `gl` option, or which needed accounts nobody has chosen yet (in the form's order). */
export function chosenAccounts(posting: Posting): { ok: true; gl: PostingAccounts } | { ok: false; missing: PostingAccountField[] } {
  const missing = REQUIRED.filter((field) => !posting[field]);
  if (missing.length) return { ok: false, missing };
  return {
    ok: true,
    gl: {
      cash: posting.glCash!,
      receivables: posting.glReceivables!,
      discounts: posting.glDiscounts!,
      refunds: posting.glRefunds!,
      chargebacks: posting.glChargebacks!,
      ...(posting.glSales ? { sales: posting.glSales } : {}),
    },
  };
}

/**
 * Why an event of a connection without its accounts cannot be posted, and what to do: a validation
 * dead letter naming the first missing account as its connector option (`gl.cash`), replayable once chosen.
 */
export function missingAccountError(connectionName: string, missing: PostingAccountField[]): PermanentSageProError {
  const names = missing.map((field) => POSTING_ACCOUNT_FIELDS[field]);
  const first = names[0];
  const also = names.length > 1 ? ` (also not chosen: ${names.slice(1).join(', ')})` : '';
  return new PermanentSageProError(
    'validation',
    `No ${first} account is chosen for the Sage Pro connection "${connectionName}"${also}: choose the ${first} account in Connections → ${connectionName} → Posting, then replay these dead letters.`,
    `gl.${first}`,
    null,
    "an account of the company's chart of accounts, chosen in the connection's posting settings",
  );
}

/** One row of a company's chart of accounts (GLACNT), trimmed. */
export interface ChartAccount {
  account: string;
  description: string;
  type: string;
  active: boolean;
}

/**
 * The accounts in `changes` as the chart spells them, or the first one the chart does not hold (or
 * holds inactive) with its field: Settle posts only to accounts of the company's own chart.
 */
export function checkAgainstChart(
  changes: Partial<Posting>,
  chart: readonly ChartAccount[],
): { ok: true; accounts: Partial<Record<PostingAccountField, string>> } | { ok: false; field: PostingAccountField; message: string } {
  const accounts: Partial<Record<PostingAccountField, string>> = {};
  for (const field of Object.keys(POSTING_ACCOUNT_FIELDS) as PostingAccountField[]) {
    const wanted = changes[field];
    if (wanted === undefined || wanted === null) continue;
    const found = chart.find((row) => row.account === wanted.trim());
    if (!found) return { ok: false, field, message: `${wanted.trim()} is not an account of this company's chart of accounts (GLACNT)` };
    if (!found.active) return { ok: false, field, message: `${found.account} (${found.description}) is inactive in this company's chart of accounts` };
    accounts[field] = found.account;
  }
  return { ok: true, accounts };
}

export interface ConnectorTarget {
  edition: SageProEditionName;
  companyId: string;
  details: Pick<SqlServerDetails, 'companyDatabase' | 'systemDatabase'> | null;
  timeZone: string;
}

/** Where a company's and the system's tables are, per edition. */
export function tablesFor(target: Omit<ConnectorTarget, 'timeZone'>): SageProConnectionInput['tables'] {
  return target.edition === 'sandbox'
    ? { company: [`pro${target.companyId}`], system: ['prosys'] }
    : { company: [target.details!.companyDatabase, 'dbo'], system: [target.details!.systemDatabase, 'dbo'] };
}

/** The connector's options for a connection: where its tables are, and how it posts (accounts chosen). */
export function connectorOptionsFor(target: ConnectorTarget, posting: Posting, gl: PostingAccounts): SageProConnectionInput {
  return {
    dialect: target.edition === 'sandbox' ? 'postgres' : 'mssql',
    compid: target.companyId,
    tables: tablesFor(target),
    user: posting.userId,
    timeZone: target.timeZone,
    gl,
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
