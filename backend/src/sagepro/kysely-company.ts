/**
 * SageProCompany over Kysely: the same code on SQL Server (MssqlDialect + tedious) and on the sandbox
 * (PostgresDialect). Each write is one database transaction that
 *   1. locks the customer (arcust), then the AR items it touches (armast), in id order: every Settle
 *      write for a customer queues here, so balances are read and written by one worker at a time;
 *   2. looks for its Settle reference in arcash (locked) and, when found, answers AlreadyApplied with
 *      the records already there, writing nothing;
 *   3. checks Sage Pro's rules (user locks, void, credit hold, currency, GL accounts, field widths),
 *      takes its numbers from SYSDATA (locked), and only then writes.
 */
import type { Kysely } from 'kysely';
import type {
  CashReceipt, GlAccount, IncomingPayment, InvoiceQuery, OpenInvoice, PaymentStatusRecord, PaymentStatusUpdate,
  ReceiptReversal, SageProCompany, WriteOutcome,
} from './company.js';
import type { SageProDatabase } from './database.js';
import { checkIncoming, checkInvoiceQuery, currencyOf, liveInvoice, requireKey } from './checks.js';
import { sageStamp } from './dates.js';
import { classifyDatabaseError, PermanentSageProError, validationError } from './errors.js';
import { validateWrite } from './field-rules.js';
import { sameKey, trimKey } from './keys.js';
import { sageProConnectionOptions, type SageProConnectionInput, type SageProConnectionOptions } from './options.js';
import { invoiceStatusText, planInvoiceStatus } from './payment-status.js';
import { SageProQueries } from './queries.js';
import { planReceipt, type Posting, type ReceiptPlan, splitPayment } from './receipt-plan.js';
import { arItemOf, cashLineOf, type CashRow, cents, customerAccountOf, ensureNotUserLocked, isVoid, openInvoiceOf } from './records.js';
import { type AppliedLine, planReversal } from './reversal-plan.js';
import { QualifiedTablesPlugin } from './tables.js';

export interface SageProPorts {
  /** Stamps adddate/addtime; a test can pin it. */
  clock?: () => Date;
}

type Queries = SageProQueries;

export class KyselySageProCompany implements SageProCompany {
  readonly options: SageProConnectionOptions;
  readonly #db: Kysely<SageProDatabase>;
  readonly #clock: () => Date;

  constructor(db: Kysely<SageProDatabase>, options: SageProConnectionInput, ports: SageProPorts = {}) {
    this.options = sageProConnectionOptions.parse(options);
    this.#db = db.withPlugin(new QualifiedTablesPlugin(this.options.tables));
    this.#clock = ports.clock ?? (() => new Date());
  }

  /** The statements, over `db` (a transaction) or the connection's Kysely. */
  queries(db: Kysely<SageProDatabase> = this.#db): Queries {
    return new SageProQueries(db, this.options.dialect, this.options.tables);
  }

  async findOpenInvoices(query: InvoiceQuery): Promise<OpenInvoice[]> {
    checkInvoiceQuery(query);
    return this.read(async (q) => (await q.openInvoices(query).execute()).map((row) => openInvoiceOf(row, this.options.dialect)));
  }

  async listGlAccounts(): Promise<GlAccount[]> {
    return this.read(async (q) =>
      (await q.chartOfAccounts().execute()).map((row) => ({
        account: trimKey(row.glacnt),
        description: trimKey(row.gldesc),
        type: trimKey(row.gltype),
        active: trimKey(row.glstat) !== 'I',
      })),
    );
  }

  async applyPaymentToInvoice(invno: string, payment: IncomingPayment): Promise<WriteOutcome<CashReceipt>> {
    requireKey('invno', invno, 'armast.invno');
    checkIncoming(payment);
    return this.write(async (q) => {
      const found = liveInvoice(await q.itemsByNumber(invno).execute(), invno);
      const customer = await this.lockCustomer(q, found.custno);
      const invoice = await lockInvoice(q, found);
      const done = await this.alreadyApplied(q, payment.reference);
      if (done) return done;
      ensureNotUserLocked('arcust', customer.custno, customer);
      ensureNotUserLocked('armast', invoice.invno, invoice);
      if (isVoid(invoice)) throw new PermanentSageProError('invoice_void', `Invoice ${invno} was voided`, 'armast.arstat', trimKey(invoice.arstat));
      this.checkCreditHold(customer);
      const currency = currencyOf(payment.currency, [invoice.currid, customer.currency]);
      const ar = this.arAccountOf(customer);
      const item = arItemOf(invoice, ar);
      const { credit } = splitPayment(item.balanceCents, payment);
      const { posting, creditInvno } = await this.takeNumbers(q, currency, credit > 0);
      const accounts = { cash: this.options.gl.cash, discounts: this.options.gl.discounts, creditAr: ar };
      return this.carryOut(q, payment.reference, planReceipt(item, customerAccountOf(customer, this.options.dialect), payment, accounts, posting, creditInvno));
    });
  }

  async applyPaymentOnAccount(custno: string, payment: IncomingPayment): Promise<WriteOutcome<CashReceipt>> {
    requireKey('custno', custno, 'arcust.custno');
    checkIncoming(payment);
    return this.write(async (q) => {
      const customer = await this.lockCustomer(q, custno);
      const done = await this.alreadyApplied(q, payment.reference);
      if (done) return done;
      ensureNotUserLocked('arcust', customer.custno, customer);
      this.checkCreditHold(customer);
      const currency = currencyOf(payment.currency, [customer.currency]);
      const ar = this.arAccountOf(customer);
      const { posting, creditInvno } = await this.takeNumbers(q, currency, true);
      const accounts = { cash: this.options.gl.cash, discounts: this.options.gl.discounts, creditAr: ar };
      return this.carryOut(q, payment.reference, planReceipt(null, customerAccountOf(customer, this.options.dialect), payment, accounts, posting, creditInvno));
    });
  }

  async reverseReceipt(reversal: ReceiptReversal): Promise<WriteOutcome<CashReceipt>> {
    validateWrite('arcash', { refno: reversal.reference, dtepaid: reversal.date });
    requireKey('refno', reversal.receiptReference, 'arcash.refno');
    if (!['refund', 'void', 'chargeback'].includes(reversal.kind)) throw validationError('reversal.kind', reversal.kind, 'refund, void or chargeback');
    return this.write(async (q) => {
      // Read unlocked to learn the customer; the customer's lock then holds every Settle writer off.
      const receipt = (await q.cashLinesOf(reversal.receiptReference).execute()).filter((row) => cents(row.paidamt, 'arcash.paidamt') > 0);
      if (!receipt.length) throw new PermanentSageProError('receipt_not_found', `No receipt ${reversal.receiptReference} in arcash`, 'arcash.refno', reversal.receiptReference);
      const customer = await this.lockCustomer(q, receipt[0].custno);
      const invnos = [...new Set(receipt.map((row) => row.invno))];
      const items = await q.lockItemsByNumbers(customer.custno, invnos).execute();
      const done = await this.alreadyApplied(q, reversal.reference);
      if (done) return done;
      ensureNotUserLocked('arcust', customer.custno, customer);
      for (const item of items) ensureNotUserLocked('armast', item.invno, item);
      const cashByItem = new Map((await q.cashOnItems(customer.custno, invnos).execute()).map((row) => [trimKey(row.invno), cents(row.cash, 'arcash.paidamt')]));
      const ar = this.arAccountOf(customer);
      const lines = receipt.map((row): AppliedLine => {
        const item = items.find((candidate) => sameKey(candidate.invno, row.invno));
        if (!item) throw new PermanentSageProError('invoice_not_found', `Item ${trimKey(row.invno)} of receipt ${reversal.receiptReference} is no longer open in armast`, 'armast.invno', trimKey(row.invno));
        return {
          item: arItemOf(item, ar),
          paidCents: cents(row.paidamt, 'arcash.paidamt'),
          discountCents: cents(row.disamt, 'arcash.disamt'),
          cashAccount: trimKey(row.cashacct) || this.options.gl.cash,
          itemCashCents: cashByItem.get(trimKey(row.invno)) ?? 0,
        };
      });
      const { posting } = await this.takeNumbers(q, trimKey(receipt[0].currid) || trimKey(customer.currency), false);
      const { refunds, chargebacks, discounts } = this.options.gl;
      return this.carryOut(q, reversal.reference, planReversal(reversal, lines, customerAccountOf(customer, this.options.dialect), { refunds, chargebacks, discounts }, posting));
    });
  }

  async recordPaymentStatus(update: PaymentStatusUpdate): Promise<WriteOutcome<PaymentStatusRecord>> {
    if (update.invno === undefined && update.sono === undefined) throw validationError('armast.invno', update.invno, 'an invoice or a sales order number');
    if (update.invno !== undefined) requireKey('invno', update.invno, 'armast.invno');
    if (update.sono !== undefined) requireKey('sono', update.sono, 'somast.sono');
    const { orderField, invoiceField, codes } = this.options.paymentStatus;
    const code = codes[update.status];
    if (!code) return { kind: 'AlreadyApplied', records: {} }; // the connection records no code for this status
    return this.write(async (q) => {
      const records: PaymentStatusRecord = {};
      let changed = false;
      let sono = update.sono;
      if (update.invno !== undefined) {
        const found = liveInvoice(await q.itemsByNumber(update.invno).execute(), update.invno);
        sono ??= trimKey(found.ornum) || undefined;
        if (invoiceField) {
          const invoice = await lockInvoice(q, found);
          ensureNotUserLocked('armast', invoice.invno, invoice);
          const text = invoiceStatusText(code, update.reference);
          validateWrite('armast', { refno: text });
          const next = planInvoiceStatus(invoice.refno, text, this.options.paymentStatus, 'armast.refno');
          if (next !== undefined) await q.updateItem(invoice.id_col, { refno: next }).execute();
          changed ||= next !== undefined;
          records.invoice = { invno: trimKey(invoice.invno), field: 'armast.refno', text };
        }
      }
      if (orderField && sono) {
        const [order] = await q.lockOrders(sono).execute();
        if (!order && update.sono) throw new PermanentSageProError('order_not_found', `No sales order ${sono} in somast`, 'somast.sono', sono);
        if (order) {
          ensureNotUserLocked('somast', order.sono, order);
          await this.ensureOrderStatusCode(q, code);
          validateWrite('somast', { orderstat: code });
          if (trimKey(order.orderstat) !== code) await q.updateOrder(order.id_col, { orderstat: code }).execute();
          changed ||= trimKey(order.orderstat) !== code;
          records.order = { sono: trimKey(order.sono), orderstat: code };
        }
      }
      return { kind: changed ? 'Applied' : 'AlreadyApplied', records };
    });
  }

  private async read<T>(work: (q: Queries) => Promise<T>): Promise<T> {
    try {
      return await work(this.queries());
    } catch (error) {
      throw classifyDatabaseError(error);
    }
  }

  private async write<T>(work: (q: Queries) => Promise<T>): Promise<T> {
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const q = this.queries(trx);
        await q.lockTimeout(this.options.lockTimeoutMs).execute(trx);
        return work(q);
      });
    } catch (error) {
      throw classifyDatabaseError(error);
    }
  }

  private async lockCustomer(q: Queries, custno: string) {
    const [customer] = await q.lockCustomer(custno).execute();
    if (!customer) throw new PermanentSageProError('customer_not_found', `No customer ${trimKey(custno)} in arcust`, 'arcust.custno', trimKey(custno));
    return customer;
  }

  private async alreadyApplied(q: Queries, reference: string): Promise<WriteOutcome<CashReceipt> | undefined> {
    const rows = await q.lockCashLinesOf(reference).execute();
    if (!rows.length) return undefined;
    const [credit] = await q.openCreditOf(reference).execute();
    const lines = rows.map((row) => cashLineOf(row, this.options.dialect));
    return { kind: 'AlreadyApplied', records: { reference: reference.trim(), custno: lines[0].custno, lines, openCreditInvno: credit ? trimKey(credit.invno) : undefined } };
  }

  private checkCreditHold(customer: { custno: string; credstat: string }): void {
    if (this.options.creditHold === 'refuse' && trimKey(customer.credstat) === 'H') {
      throw new PermanentSageProError('credit_hold', `Customer ${trimKey(customer.custno)} is on credit hold`, 'arcust.credstat', 'H', 'not on credit hold');
    }
  }

  /** Receipts credit the AR account the customer posts to (arcust.aracct), else the connection's. */
  private arAccountOf(customer: { aracct: string }): string {
    return trimKey(customer.aracct) || this.options.gl.receivables;
  }

  /** The next AR session (and invoice number, for an open credit) from SYSDATA 'AR<compid>'. */
  private async takeNumbers(q: Queries, currency: string, needsInvno: boolean): Promise<{ posting: Posting; creditInvno?: number }> {
    const sysid = `AR${this.options.compid}`;
    const [counter] = await q.lockCounter(sysid).execute();
    if (!counter) throw new PermanentSageProError('missing_counter', `SYSDATA has no ${sysid} counter`, 'sysdata.sysid', sysid);
    const int1 = Number(counter.int1) + (needsInvno ? 1 : 0);
    const int2 = Number(counter.int2) + 1;
    validateWrite('sysdata', { int1, int2 });
    await q.updateCounter(counter.id_col, { int1, int2 }).execute();
    const posting = { arsess: int2, user: this.options.user, stamp: sageStamp(this.#clock(), this.options.timeZone), currency };
    return { posting, creditInvno: needsInvno ? int1 : undefined };
  }

  /** Validates the whole plan, refuses unknown GL accounts, then writes it. */
  private async carryOut(q: Queries, reference: string, plan: ReceiptPlan): Promise<WriteOutcome<CashReceipt>> {
    plan.arcash.forEach((row) => validateWrite('arcash', row));
    plan.ardistLines.forEach((row) => validateWrite('ardist', row));
    plan.armastUpdates.forEach((update) => validateWrite('armast', update.row));
    if (plan.openCredit) validateWrite('armast', plan.openCredit);
    validateWrite('arcust', plan.arcustUpdate.row);
    await this.ensureAccounts(q, [...plan.ardistLines.map((row) => String(row.glacnt)), ...plan.arcash.map((row) => String(row.cashacct))]);

    await q.insertCashLines(plan.arcash).execute();
    if (plan.openCredit) await q.insertItem(plan.openCredit).execute();
    for (const update of plan.armastUpdates) await q.updateItem(update.id, update.row).execute();
    await q.updateCustomer(plan.arcustUpdate.id, plan.arcustUpdate.row).execute();
    await q.insertDistributions(plan.ardistLines).execute();

    const lines = plan.arcash.map((row) => cashLineOf(row as unknown as CashRow, this.options.dialect));
    return { kind: 'Applied', records: { reference: reference.trim(), custno: lines[0].custno, lines, openCreditInvno: plan.openCredit ? trimKey(String(plan.openCredit.invno)) : undefined } };
  }

  private async ensureAccounts(q: Queries, accounts: string[]): Promise<void> {
    const wanted = [...new Set(accounts.map(trimKey))];
    const found = await q.accounts(wanted).execute();
    for (const account of wanted) {
      const row = found.find((candidate) => sameKey(candidate.glacnt, account));
      if (!row) throw new PermanentSageProError('missing_account', `GL account ${account} does not exist`, 'glacnt.glacnt', account, 'an account of the chart of accounts');
      if (trimKey(row.glstat) === 'I') throw new PermanentSageProError('inactive_account', `GL account ${account} is inactive`, 'glacnt.glstat', 'I', 'an active account');
    }
  }

  private async ensureOrderStatusCode(q: Queries, code: string): Promise<void> {
    const codes = (await q.orderStatusCodes(this.options.compid).execute()).map((row) => trimKey(row.chrvl));
    if (!codes.includes(code)) {
      throw new PermanentSageProError('unknown_status_code', `ORDRSTAT has no code ${code}`, 'somast.orderstat', code, `a SYCRLST 'ORDRSTAT' code (${codes.join(', ')})`);
    }
  }
}

/** The invoice found unlocked, read again under lock. */
async function lockInvoice(q: Queries, found: { id_col: number; invno: string }) {
  const [invoice] = await q.lockItems([found.id_col]).execute();
  if (!invoice) throw new PermanentSageProError('invoice_not_found', `Invoice ${trimKey(found.invno)} disappeared from armast`, 'armast.invno', trimKey(found.invno));
  return invoice;
}
